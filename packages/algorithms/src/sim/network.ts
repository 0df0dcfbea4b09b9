/**
 * Per-link delay and loss. Delay: uniform in mean·(1 ± jitter), or a shifted exponential with a floor of
 * mean·(1 − jitter) and the same mean. Loss: i.i.d., or bursty Gilbert–Elliott with one two-state chain per
 * directed link, stepped once per packet.
 */
import type { Random } from './random';

export interface DelayConfig {
  readonly mean: number;
  /** Relative spread in [0, 1]. */
  readonly jitter: number;
  readonly distribution?: 'uniform' | 'exponential';
}

export type LossConfig =
  | { readonly kind: 'iid'; readonly p: number }
  | {
      readonly kind: 'gilbert-elliott';
      readonly pGoodToBad: number;
      readonly pBadToGood: number;
      readonly lossGood: number;
      readonly lossBad: number;
    };

const LINK_KEY_STRIDE = 1 << 20;

/** One number per directed link between node indices (per-link state: burst chains, shaped queues). */
export const directedLinkKey = (from: number, to: number): number => from * LINK_KEY_STRIDE + to;

export class Network {
  private readonly badLinks = new Set<number>();

  constructor(
    private readonly delayConfig: DelayConfig,
    private readonly loss: LossConfig,
    private readonly random: Random,
  ) {}

  /** Largest delay a packet can plausibly take (for retransmission timeouts). */
  get typicalMaxDelay(): number {
    const { mean, jitter, distribution } = this.delayConfig;
    return distribution === 'exponential' ? mean * (1 + 2 * jitter) : mean * (1 + jitter);
  }

  delay(): number {
    const { mean, jitter, distribution } = this.delayConfig;
    if (distribution === 'exponential') return mean * (1 - jitter) + this.random.exponential(mean * jitter);
    return mean * (1 + jitter * (2 * this.random.next() - 1));
  }

  /** Draws whether the next packet from → to is lost (steps the link's burst chain). */
  lost(from: number, to: number): boolean {
    const loss = this.loss;
    if (loss.kind === 'iid') return loss.p > 0 && this.random.next() < loss.p;
    const link = directedLinkKey(from, to);
    const bad = this.badLinks.has(link);
    const nextBad = bad ? this.random.next() >= loss.pBadToGood : this.random.next() < loss.pGoodToBad;
    if (nextBad) this.badLinks.add(link);
    else this.badLinks.delete(link);
    return this.random.next() < (nextBad ? loss.lossBad : loss.lossGood);
  }
}
