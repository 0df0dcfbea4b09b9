/**
 * Sending side of one link. It never queues stale state: it holds at most one unsent message per kind
 * (the newest), as header + payload vector, and encodes it into frames only when it actually sends, so a
 * message superseded before its turn costs nothing. It hands messages to the channel only while the
 * channel's buffer is at or below its low threshold (otherwise it waits for `drain`), and paces kinds: a
 * paced kind sent less than `minSendIntervalMs` ago stays pending until the first offer()/pump()/drain
 * after the interval. No timers (hidden tabs throttle them): the runner offers every step and pumps every
 * loop iteration. A slow or paced link therefore skips intermediate states (R-FAST tolerates that by
 * design) instead of sending at full channel capacity, whose SCTP/DTLS work takes the cores from training.
 */
import type { MessageKind } from '@canopy/protocol';
import type { FrameChannel } from './channel';
import type { LinkStats } from './link-stats';
import { DEFAULT_PACED_KINDS, nextPending, type Vector } from '@canopy/algorithms';

/** A message waiting to be sent. The payload is owned by the sender (nodes hand over their payloads). */
export interface PendingMessage {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  /** Frame flags fixed when offered (the run tag): a message delayed across a run change keeps its old run's. */
  readonly flags: number;
  /** The node's echo for the receiver (staleness-scaled-step.ts), carried in the frame header. */
  readonly echo?: number;
  readonly payload: Vector;
  /** A compressed message's envelope bytes (payload is then empty): sent as an opaque 'bytes' frame. */
  readonly encoded?: Uint8Array;
}

/**
 * Frames one message at send time and hands each frame to `send` (which copies it: frames may be views of
 * the payload, valid only during the call); throws on a header it cannot encode (counted as a send error).
 */
export type MessageEncoder = (message: PendingMessage, send: (frame: Uint8Array) => void) => void;

export interface LinkSenderOptions {
  readonly encode: MessageEncoder;
  /** Monotonic milliseconds (Timers.now). */
  readonly now: () => number;
  /** Least time between two sends of one paced kind on this link (0: no pacing). */
  readonly minSendIntervalMs?: number;
  /** Kinds the interval applies to: latest-wins state only; per-round messages must not wait. */
  readonly pacedKinds?: ReadonlySet<MessageKind>;
}

export class LinkSender {
  /** Insertion order = the order kinds started waiting: the longest-waiting kind goes first. */
  readonly #pending = new Map<MessageKind, PendingMessage>();
  readonly #lastSentAt = new Map<MessageKind, number>();
  readonly #unsubscribe: (() => void)[];
  readonly #minIntervalMs: number;
  readonly #pacedKinds: ReadonlySet<MessageKind>;

  constructor(
    private readonly channel: FrameChannel,
    private readonly stats: LinkStats,
    private readonly options: LinkSenderOptions,
  ) {
    this.#minIntervalMs = Math.max(0, options.minSendIntervalMs ?? 0);
    this.#pacedKinds = options.pacedKinds ?? DEFAULT_PACED_KINDS;
    this.#unsubscribe = [channel.events.on('drain', () => this.pump()), channel.events.on('open', () => this.pump())];
  }

  /** Kinds waiting for the channel to drain or for their pacing interval. */
  get pendingKinds(): readonly MessageKind[] {
    return [...this.#pending.keys()];
  }

  /**
   * Queues `message` as the newest of its kind (replacing an unsent older one, or for an additive kind
   * merging into it) and sends what it can.
   */
  offer(message: PendingMessage): void {
    const waiting = this.#pending.get(message.kind);
    if (waiting !== undefined) this.stats.superseded++;
    // Re-inserting keeps the kind's place in line (Map.set on an existing key does not move it).
    this.#pending.set(message.kind, nextPending(waiting, message));
    this.pump();
  }

  /**
   * Whether a message of `kind` offered now would go out at once rather than wait (and risk being
   * superseded): the channel can take it and the kind's pacing interval has passed since `lastOfferedAt`
   * (the caller's record of its last offer, which counts messages still in an injected delay).
   */
  readyFor(kind: MessageKind, lastOfferedAt: number | undefined): boolean {
    if (!this.#canSend() || this.#pending.has(kind)) return false;
    const now = this.options.now();
    if (!this.#isDue(kind, now)) return false;
    return lastOfferedAt === undefined || this.#minIntervalMs === 0 || !this.#pacedKinds.has(kind) || now - lastOfferedAt >= this.#minIntervalMs;
  }

  /** Sends pending messages that are due, whole, while the channel's buffer is at or below its low threshold. */
  pump(): void {
    if (this.#pending.size === 0) return;
    const now = this.options.now();
    for (const [kind, message] of this.#pending) {
      if (!this.#canSend()) return;
      if (!this.#isDue(kind, now)) continue;
      this.#pending.delete(kind);
      this.#lastSentAt.set(kind, now);
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

  #canSend(): boolean {
    return this.channel.state === 'open' && this.channel.bufferedAmount <= this.channel.lowThreshold;
  }

  #isDue(kind: MessageKind, now: number): boolean {
    if (this.#minIntervalMs === 0 || !this.#pacedKinds.has(kind)) return true;
    const last = this.#lastSentAt.get(kind);
    return last === undefined || now - last >= this.#minIntervalMs;
  }

  #send(message: PendingMessage): void {
    let bytes = 0;
    try {
      this.options.encode(message, (frame) => {
        this.channel.send(frame);
        bytes += frame.byteLength;
      });
      this.stats.messagesSent++;
    } catch (error) {
      // A header out of range, a channel closing under us, a frame above its max message size: the message
      // is lost, not fatal.
      this.stats.sendErrors++;
      console.warn(`link: send of ${message.kind} #${message.seq} failed:`, error instanceof Error ? error.message : error);
    } finally {
      this.stats.bytesSent += bytes;
    }
  }
}
