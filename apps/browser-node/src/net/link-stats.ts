/** Per-link counters: what the node page's link table and the metrics report show. */
import type { RejectReason } from '@canopy/algorithms';
import type { FrameRejectReason } from '@canopy/protocol';

/**
 * A frame-level refusal (Reassembler), an algorithm-level one (AlgorithmNode.receive), or 'other-run': the
 * message belongs to another run of the room (the peer has not seen a reset yet, or we have not).
 */
export type ReceiveRejectReason = FrameRejectReason | RejectReason | 'other-run';

/**
 * Refusals that mean "arrived too late or too early", not "broken": counted as stale, not malformed. A
 * compressed delta whose keyframe was lost ('missing-keyframe') is a consequence of loss, not of a bad sender.
 */
const STALE_REASONS: ReadonlySet<ReceiveRejectReason> = new Set<ReceiveRejectReason>([
  'stale-epoch',
  'stale-seq',
  'future-epoch',
  'other-run',
  'missing-keyframe',
]);

export function isStaleReason(reason: ReceiveRejectReason): boolean {
  return STALE_REASONS.has(reason);
}

export interface LinkStats {
  /** Frame bytes handed to the channel / received from it. */
  bytesSent: number;
  bytesReceived: number;
  /** Whole messages sent (all chunks) / delivered to the algorithm. */
  messagesSent: number;
  messagesReceived: number;
  /** Outgoing messages dropped by the fault injector (all their chunks). */
  injectedDrops: number;
  /** Outgoing messages held back by an injected delay. */
  injectedDelays: number;
  /** Unsent messages replaced by a newer one of the same kind (latest wins; not a loss). */
  superseded: number;
  /** Sends the channel refused (closed mid-send, message too large). */
  sendErrors: number;
  /** Incoming frames or messages refused as broken (bad frame, non-finite, wrong size, ...). */
  malformedFrames: number;
  /** Incoming messages refused as out of date (older epoch or sequence number). */
  stale: number;
  /** Every refusal by its machine-readable reason. */
  readonly rejects: Partial<Record<ReceiveRejectReason, number>>;
}

export function emptyLinkStats(): LinkStats {
  return {
    bytesSent: 0,
    bytesReceived: 0,
    messagesSent: 0,
    messagesReceived: 0,
    injectedDrops: 0,
    injectedDelays: 0,
    superseded: 0,
    sendErrors: 0,
    malformedFrames: 0,
    stale: 0,
    rejects: {},
  };
}

/** Counts one refusal under its reason and as stale or malformed. */
export function countReject(stats: LinkStats, reason: ReceiveRejectReason): void {
  stats.rejects[reason] = (stats.rejects[reason] ?? 0) + 1;
  if (isStaleReason(reason)) stats.stale++;
  else stats.malformedFrames++;
}

/** Adds `from`'s counters into `into` (a link's totals outlive the link). */
export function addLinkStats(into: LinkStats, from: Readonly<LinkStats>): void {
  into.bytesSent += from.bytesSent;
  into.bytesReceived += from.bytesReceived;
  into.messagesSent += from.messagesSent;
  into.messagesReceived += from.messagesReceived;
  into.injectedDrops += from.injectedDrops;
  into.injectedDelays += from.injectedDelays;
  into.superseded += from.superseded;
  into.sendErrors += from.sendErrors;
  into.malformedFrames += from.malformedFrames;
  into.stale += from.stale;
  for (const [reason, count] of Object.entries(from.rejects) as [ReceiveRejectReason, number][]) {
    into.rejects[reason] = (into.rejects[reason] ?? 0) + count;
  }
}
