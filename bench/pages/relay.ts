/**
 * Carries WebRTC signals between benchmark pages, in place of the signaling server: each page calls the
 * exposed binding with a channel key; the relay hands the signal to the page at the other end of that key.
 */
import { SIGNAL_BINDING } from '../../apps/browser-node/bench/api';
import type { BenchTab } from './bench-tab';

export class SignalRelay {
  readonly #routes = new Map<string, readonly [BenchTab, BenchTab]>();
  readonly problems: string[] = [];
  relayed = 0;

  /** Signals on channel `key` travel between `a` and `b`. */
  route(key: string, a: BenchTab, b: BenchTab): void {
    this.#routes.set(key, [a, b]);
  }

  async install(tab: BenchTab): Promise<void> {
    await tab.page.exposeFunction(SIGNAL_BINDING, (key: unknown, data: unknown) => this.#forward(tab, key, data));
  }

  async #forward(from: BenchTab, key: unknown, data: unknown): Promise<void> {
    if (typeof key !== 'string') {
      this.problems.push(`signal from ${from.name} without a channel key`);
      return;
    }
    const route = this.#routes.get(key);
    if (route === undefined || !route.includes(from)) {
      this.problems.push(`signal from ${from.name} on unknown channel ${key.slice(0, 60)}`);
      return;
    }
    const to = route[0] === from ? route[1] : route[0];
    try {
      await to.signal(key, data);
      this.relayed++;
    } catch (error) {
      this.problems.push(`signal ${from.name} → ${to.name} on ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
