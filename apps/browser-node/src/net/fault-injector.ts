/**
 * Applies the room's injected faults (RoomState.faults) to this node's outgoing messages, exactly as set:
 * drop with probability p (a per-link override wins; otherwise the burst model when set; otherwise the
 * global p), delay by mean ± uniform jitter (clamped at 0), and report this node's straggler factor.
 * Randomness is a seeded PRNG so a run can be replayed.
 */
import { noFaults, type FaultSettings, type PeerId } from '@canopy/protocol';
import { GilbertElliott } from './gilbert-elliott';

export interface FaultDecision {
  readonly drop: boolean;
  /** Extra delay before the message is handed to the link (0 = none). */
  readonly delayMs: number;
}

export interface FaultCounters {
  /** Outgoing messages decided on. */
  messages: number;
  /** Outgoing messages dropped whole. */
  drops: number;
  /** Outgoing messages delayed, and the sum of their delays. */
  delayed: number;
  delayMsTotal: number;
}

export class FaultInjector {
  #faults: FaultSettings = noFaults();
  #overrides = new Map<PeerId, number>();
  readonly #chains = new Map<PeerId, GilbertElliott>();
  readonly counters: FaultCounters = { messages: 0, drops: 0, delayed: 0, delayMsTotal: 0 };

  constructor(
    private readonly self: PeerId,
    private readonly random: () => number,
  ) {}

  get faults(): FaultSettings {
    return this.#faults;
  }

  /** Applies new settings from the join ack or a `control` event. Burst chains keep their state. */
  update(faults: FaultSettings): void {
    this.#faults = faults;
    this.#overrides = new Map(faults.loss.links.filter((link) => link.from === this.self).map((link) => [link.to, link.p]));
  }

  /** Drop probability currently in force towards `to` (burst model: its long-run state-dependent value). */
  lossTowards(to: PeerId): number | 'burst' {
    return this.#overrides.get(to) ?? (this.#faults.loss.burst !== null ? 'burst' : this.#faults.loss.p);
  }

  /** Decides the fate of one outgoing message to `to` (draws from the PRNG; counts drops and delays). */
  decide(to: PeerId): FaultDecision {
    this.counters.messages++;
    if (this.#drops(to)) {
      this.counters.drops++;
      return { drop: true, delayMs: 0 };
    }
    const delayMs = this.#delay();
    if (delayMs > 0) {
      this.counters.delayed++;
      this.counters.delayMsTotal += delayMs;
    }
    return { drop: false, delayMs };
  }

  /** How many times slower this node's steps must be (1 = not a straggler). */
  stragglerFactor(): number {
    return this.#faults.stragglers.find((straggler) => straggler.peer === this.self)?.factor ?? 1;
  }

  #drops(to: PeerId): boolean {
    const override = this.#overrides.get(to);
    if (override !== undefined) return override > 0 && this.random() < override;
    const burst = this.#faults.loss.burst;
    if (burst !== null) {
      let chain = this.#chains.get(to);
      if (chain === undefined) {
        chain = new GilbertElliott();
        this.#chains.set(to, chain);
      }
      return chain.step(burst, this.random);
    }
    const p = this.#faults.loss.p;
    return p > 0 && this.random() < p;
  }

  #delay(): number {
    const { meanMs, jitterMs } = this.#faults.delay;
    if (meanMs === 0 && jitterMs === 0) return 0;
    const jitter = jitterMs === 0 ? 0 : (2 * this.random() - 1) * jitterMs;
    return Math.max(0, meanMs + jitter);
  }
}
