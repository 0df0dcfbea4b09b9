/** Exit codes of bench/pages/main.ts, so bench/sections/browser.ts can tell the failures apart. */
export const BROWSER_BENCH_EXIT = { ok: 0, failed: 1, usage: 2, noChromium: 3 } as const;
export const BROWSER_BENCH_SCRIPT = 'bench/pages/main.ts';
