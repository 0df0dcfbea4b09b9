import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/demo/**/*.test.ts', 'e2e/support/**/*.test.ts'],
    // e2e/tests and e2e/fixtures are Playwright's; the demo's unit tests run here.
    exclude: ['**/node_modules/**', 'e2e/tests/**', 'e2e/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
