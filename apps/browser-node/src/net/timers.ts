/**
 * Time for the training path. Browsers throttle main-thread timers in hidden tabs (down to once a minute),
 * so the page uses worker-backed sleeps (worker-timers.ts); Node and tests use plain setTimeout.
 */
export interface Timers {
  /** Resolves after about `ms` milliseconds (0 or less: on the next macrotask). */
  sleep(ms: number): Promise<void>;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

export const plainTimers: Timers = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  now: () => performance.now(),
};
