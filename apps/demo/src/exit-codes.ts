/** `pnpm demo` exit codes, so a caller (the cluster benchmark) can tell the failures apart. */
export const DEMO_EXIT = { ok: 0, failed: 1, usage: 2, noChromium: 3, interrupted: 130 } as const;
