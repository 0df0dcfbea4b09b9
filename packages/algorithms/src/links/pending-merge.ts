/**
 * What happens when a message meets an unsent one of the same kind on its way to one neighbour: the newer
 * replaces the older (latest wins), an additive kind's increments merge into one, and an older message never
 * replaces a newer one (injected jitter reorders). Shared by the link's sender and the runner worker's outbox.
 */
import type { Vector } from '../node';
import type { MessageKind } from '@canopy/protocol';

export interface QueuedMessage {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  readonly payload: Vector;
  readonly encoded?: Uint8Array;
}

/**
 * Kinds whose messages add up rather than replace each other (the naive tracker's increments c·z): the
 * receiver adds every one, so an unsent increment must be merged into the next, never superseded, or its
 * mass is lost with no packet lost at all.
 */
export const ADDITIVE_KINDS: ReadonlySet<MessageKind> = new Set<MessageKind>(['tracker-increment']);

export function isOlder(a: QueuedMessage, b: QueuedMessage): boolean {
  return a.epoch < b.epoch || (a.epoch === b.epoch && a.seq < b.seq);
}

/** One message carrying the sum of two unsent increments of one epoch (the newer header); else undefined. */
function merged<M extends QueuedMessage>(waiting: M, message: M): M | undefined {
  const { payload } = waiting;
  if (!ADDITIVE_KINDS.has(message.kind) || waiting.epoch !== message.epoch) return undefined;
  if (waiting.encoded !== undefined || message.encoded !== undefined || payload.length !== message.payload.length) return undefined;
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) + (message.payload[i] as number);
  return { ...(isOlder(message, waiting) ? waiting : message), payload };
}

/**
 * The message to hold after `message` is offered while `waiting` (same kind) is unsent: `message`, the
 * merge of both, or `waiting` itself when `message` is older.
 */
export function nextPending<M extends QueuedMessage>(waiting: M | undefined, message: M): M {
  if (waiting === undefined) return message;
  return merged(waiting, message) ?? (isOlder(message, waiting) ? waiting : message);
}
