/**
 * Links with pacing and bandwidth, sending as the browser's LinkSender does: at most one unsent message per
 * kind on each directed link (the newest; an additive kind merges, links/pending-merge.ts), a paced kind
 * leaves at most once per `pacing` time units, and a message occupies its link for its wire bytes divided by
 * the bandwidth before its propagation delay starts. So a fast-stepping node on a slow link skips
 * intermediate states instead of building a queue, exactly the staleness a real room has.
 */
import type { MessageKind } from '@canopy/protocol';
import { DEFAULT_PACED_KINDS } from '../links/paced-kinds';
import { nextPending, type QueuedMessage } from '../links/pending-merge';

export interface LinkShaping {
  /** Least virtual time between two sends of one paced kind on a link (0: no pacing). */
  readonly pacing: number;
  /** Wire bytes per virtual time unit on each directed link (Infinity: no limit). */
  readonly bandwidth: number;
}

export interface Departure<M> {
  readonly message: M;
  /** When its last byte is on the wire (its propagation delay starts then). */
  readonly sentAt: number;
}

export interface PumpResult<M> {
  readonly departures: readonly Departure<M>[];
  /** When the link can send what it still holds; undefined when it holds nothing. */
  readonly next: number | undefined;
}

interface LinkState<M> {
  /** Insertion order = the order kinds started waiting: the longest-waiting kind goes first. */
  readonly pending: Map<MessageKind, M>;
  readonly lastSentAt: Map<MessageKind, number>;
  busyUntil: number;
}

export function shapes(shaping: LinkShaping): boolean {
  return shaping.pacing > 0 || Number.isFinite(shaping.bandwidth);
}

export class LinkQueues<M extends QueuedMessage> {
  private readonly links = new Map<number, LinkState<M>>();

  /** @param wireBytesOf the bytes a message takes on the wire (framing included). */
  constructor(
    private readonly shaping: LinkShaping,
    private readonly wireBytesOf: (message: M) => number,
    private readonly pacedKinds: ReadonlySet<MessageKind> = DEFAULT_PACED_KINDS,
  ) {
    if (!(shaping.pacing >= 0 && Number.isFinite(shaping.pacing))) throw new RangeError(`pacing must be ≥ 0, got ${shaping.pacing}`);
    if (!(shaping.bandwidth > 0)) throw new RangeError(`bandwidth must be > 0, got ${shaping.bandwidth}`);
  }

  /** Holds `message` as the newest of its kind on `link`; returns the messages it superseded (to free). */
  offer(link: number, message: M): M[] {
    const state = this.state(link);
    const waiting = state.pending.get(message.kind);
    const kept = nextPending(waiting, message);
    state.pending.set(message.kind, kept);
    const dropped: M[] = [];
    if (waiting !== undefined && waiting.payload !== kept.payload) dropped.push(waiting);
    if (message.payload !== kept.payload) dropped.push(message);
    return dropped;
  }

  /** Sends, in waiting order, every held message that may leave at `now` (one at a time on the wire). */
  pump(link: number, now: number): PumpResult<M> {
    const state = this.links.get(link);
    if (state === undefined) return { departures: [], next: undefined };
    const departures: Departure<M>[] = [];
    for (;;) {
      let sent = false;
      for (const [kind, message] of state.pending) {
        if (state.busyUntil > now || this.pacedUntil(state, kind) > now) continue;
        state.pending.delete(kind);
        if (this.pacedKinds.has(kind)) state.lastSentAt.set(kind, now);
        state.busyUntil = now + this.wireBytesOf(message) / this.shaping.bandwidth;
        departures.push({ message, sentAt: state.busyUntil });
        sent = true;
        break;
      }
      if (!sent) break;
    }
    return { departures, next: this.nextSendTime(state) };
  }

  /** Every held message, removed (a crashed sender's queue). */
  drain(link: number): M[] {
    const state = this.links.get(link);
    if (state === undefined) return [];
    const held = [...state.pending.values()];
    state.pending.clear();
    return held;
  }

  private nextSendTime(state: LinkState<M>): number | undefined {
    let next: number | undefined;
    for (const kind of state.pending.keys()) {
      const at = Math.max(state.busyUntil, this.pacedUntil(state, kind));
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  private pacedUntil(state: LinkState<M>, kind: MessageKind): number {
    if (!this.pacedKinds.has(kind)) return Number.NEGATIVE_INFINITY;
    const last = state.lastSentAt.get(kind);
    return last === undefined ? Number.NEGATIVE_INFINITY : last + this.shaping.pacing;
  }

  private state(link: number): LinkState<M> {
    let state = this.links.get(link);
    if (state === undefined) {
      state = { pending: new Map(), lastSentAt: new Map(), busyUntil: Number.NEGATIVE_INFINITY };
      this.links.set(link, state);
    }
    return state;
  }
}
