/**
 * Byzantine participants for the simulator (issue 16): nodes that run the algorithm but rewrite what they send,
 * with well-formed, finite values, the four ways seen against real tabs:
 *  - 'scaled':    every vector ×1000 (an interior tab sending its model ×1000);
 *  - 'random':    random vectors of norm 1e6;
 *  - 'injection': running sums grow by 1000 per coordinate per message (mass injected into the trackers);
 *  - 'drift':     models and running sums move by 0.01 per coordinate more with every message (slow poison).
 * The engine also plays the server: a peer that an honest neighbour quarantines is evicted (a new epoch).
 */
import type { OutgoingMessage, Vector } from '../node';
import type { Random } from './random';

export const BYZANTINE_MODES = ['scaled', 'random', 'injection', 'drift'] as const;
export type ByzantineMode = (typeof BYZANTINE_MODES)[number];

export interface ByzantineConfig {
  /** Node indices that attack (initial nodes only). */
  readonly nodes: readonly number[];
  readonly mode: ByzantineMode;
}

export function isByzantineMode(value: string): value is ByzantineMode {
  return (BYZANTINE_MODES as readonly string[]).includes(value);
}

const TRACKER_KINDS: ReadonlySet<string> = new Set(['tracker', 'tracker-increment']);

/** Rewrites one attacker's outgoing messages in place (`sent`: how many messages it has sent before). */
export class ByzantineRewriter {
  private sent = 0;

  constructor(
    private readonly mode: ByzantineMode,
    private readonly random: Random,
  ) {}

  rewrite(messages: readonly OutgoingMessage[]): void {
    // Children may share one model payload: rewrite each payload once.
    const done = new Set<Vector>();
    for (const m of messages) {
      this.sent++;
      if (done.has(m.payload)) continue;
      done.add(m.payload);
      this.rewritePayload(m.payload, TRACKER_KINDS.has(m.kind));
    }
  }

  private rewritePayload(payload: Vector, tracker: boolean): void {
    const t = this.sent;
    switch (this.mode) {
      case 'scaled':
        for (let k = 0; k < payload.length; k++) payload[k] = 1000 * (payload[k] as number);
        return;
      case 'random': {
        const perCoordinate = 1e6 / Math.sqrt(Math.max(1, payload.length));
        for (let k = 0; k < payload.length; k++) payload[k] = perCoordinate * (2 * this.random.next() - 1) * Math.sqrt(3);
        return;
      }
      case 'injection':
        if (tracker) for (let k = 0; k < payload.length; k++) payload[k] = (payload[k] as number) + 1000 * t;
        return;
      case 'drift':
        for (let k = 0; k < payload.length; k++) payload[k] = (payload[k] as number) + 0.01 * t;
        return;
    }
  }
}
