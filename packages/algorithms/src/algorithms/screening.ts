/**
 * Boundary checks every node applies to an incoming message before touching it, and the counter of what
 * was refused. A bad packet never throws: it is refused with a machine-readable reason and counted.
 */
import type { ReceiveResult, RejectReason, Vector } from '../node';
import { allFinite } from './vectors';

export function epochReason(messageEpoch: number, epoch: number): RejectReason | undefined {
  if (messageEpoch < epoch) return 'stale-epoch';
  if (messageEpoch > epoch) return 'future-epoch';
  return undefined;
}

export function payloadReason(payload: Vector, length: number, checkFinite = true): RejectReason | undefined {
  if (payload.length !== length) return 'wrong-size';
  if (checkFinite && !allFinite(payload)) return 'non-finite';
  return undefined;
}

export const ACCEPTED: ReceiveResult = Object.freeze({ accepted: true, replies: Object.freeze([]) });

export type RejectionCounts = Readonly<Partial<Record<RejectReason, number>>>;

export class RejectionCounter {
  private readonly counts: Partial<Record<RejectReason, number>> = {};

  reject(reason: RejectReason): ReceiveResult {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    return { accepted: false, reason };
  }

  snapshot(): RejectionCounts {
    return { ...this.counts };
  }
}
