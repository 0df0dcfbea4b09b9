/**
 * Sending side of one link. It never queues stale state: it holds at most one unsent message per kind
 * (the newest), and hands messages to the channel only while the channel's buffer is at or below its low
 * threshold; otherwise it waits for `drain` (bufferedamountlow). A slow link therefore skips intermediate
 * states (R-FAST tolerates that by design) instead of backing up.
 */
import type { MessageKind } from '@canopy/protocol';
import type { FrameChannel } from './channel';
import type { LinkStats } from './link-stats';

/** A message already encoded into frames (a snapshot: later changes to the source vector do not leak in). */
export interface EncodedMessage {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  readonly frames: readonly Uint8Array[];
}

function isOlder(a: EncodedMessage, b: EncodedMessage): boolean {
  return a.epoch < b.epoch || (a.epoch === b.epoch && a.seq < b.seq);
}

export class LinkSender {
  /** Insertion order = the order kinds started waiting: the longest-waiting kind goes first. */
  readonly #pending = new Map<MessageKind, EncodedMessage>();
  readonly #unsubscribe: (() => void)[];

  constructor(
    private readonly channel: FrameChannel,
    private readonly stats: LinkStats,
  ) {
    this.#unsubscribe = [channel.events.on('drain', () => this.pump()), channel.events.on('open', () => this.pump())];
  }

  /** Kinds waiting for the channel to drain. */
  get pendingKinds(): readonly MessageKind[] {
    return [...this.#pending.keys()];
  }

  /** Queues `message` as the newest of its kind (replacing an unsent older one) and sends what it can. */
  offer(message: EncodedMessage): void {
    const waiting = this.#pending.get(message.kind);
    if (waiting !== undefined) {
      this.stats.superseded++;
      // Injected delays with jitter can reorder messages: never let an older state replace a newer one.
      if (isOlder(message, waiting)) return;
    }
    this.#pending.set(message.kind, message);
    this.pump();
  }

  /** Sends pending messages, whole, while the channel's buffer is at or below its low threshold. */
  pump(): void {
    while (this.#pending.size > 0 && this.channel.state === 'open' && this.channel.bufferedAmount <= this.channel.lowThreshold) {
      const [kind, message] = this.#pending.entries().next().value as [MessageKind, EncodedMessage];
      this.#pending.delete(kind);
      this.#send(message);
    }
  }

  /** Forgets unsent messages (a new run or epoch makes them meaningless). */
  clear(): void {
    this.#pending.clear();
  }

  dispose(): void {
    this.clear();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #send(message: EncodedMessage): void {
    let bytes = 0;
    try {
      for (const frame of message.frames) {
        this.channel.send(frame);
        bytes += frame.byteLength;
      }
      this.stats.messagesSent++;
    } catch (error) {
      // A channel closing under us, or a frame above its max message size: the message is lost, not fatal.
      this.stats.sendErrors++;
      console.warn(`link: send of ${message.kind} #${message.seq} failed:`, error instanceof Error ? error.message : error);
    } finally {
      this.stats.bytesSent += bytes;
    }
  }
}
