/**
 * SYNTHESIS's q (updates between checkpoints) and Δ (largest accepted staleness) for a room of n nodes.
 * A node cannot know N (for q ≈ |S| ≈ √N) nor the network's delays, so the defaults scale with n: q = 8n (each
 * node returns about 8 differences per period, about one full local gradient's worth of minibatches) and Δ = 4n
 * (a difference travels a few hops up while n nodes keep reporting). params.q and params.delta override them.
 */
import type { NodeOptions } from '../node';
import { nonNegativeInteger, positiveInteger, readParam } from './hyper-params';

export const SYNTHESIS_DEFAULTS = { periodPerNode: 8, stalenessPerNode: 4 } as const;

export function synthesisSchedule(params: NodeOptions['params'], size: number): { period: number; maxStaleness: number } {
  return {
    period: readParam(params, 'q', positiveInteger(SYNTHESIS_DEFAULTS.periodPerNode * size)),
    maxStaleness: readParam(params, 'delta', nonNegativeInteger(SYNTHESIS_DEFAULTS.stalenessPerNode * size)),
  };
}
