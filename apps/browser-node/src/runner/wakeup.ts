/**
 * How the idle loop waits without depending on a peer: until something happens (a message arrived, the
 * room's state changed) or a short tick on a worker-backed timer passes, whichever comes first.
 */
import type { Timers } from '../net/timers';

export class Wakeup {
  readonly #waiters = new Set<() => void>();

  constructor(private readonly timers: Timers) {}

  /** Resolves on the next notify() or after `ms`, whichever is first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        if (!this.#waiters.delete(finish)) return;
        resolve();
      };
      this.#waiters.add(finish);
      void this.timers.sleep(ms).then(finish);
    });
  }

  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
