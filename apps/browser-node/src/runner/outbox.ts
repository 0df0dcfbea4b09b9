/**
 * The runner worker's side of its links: it holds what the node sends, one message per (neighbour, kind)
 * with the link's own merge rules (@canopy/algorithms links/pending-merge.ts), and forwards a message to the page only when the page
 * said that link would send it at once. So a step costs the worker nothing for a busy or paced link (no
 * vector crosses threads just to be superseded), and what reaches the page goes straight out.
 *
 * Readiness comes from the page as a snapshot that also says how many messages of each (peer, kind) the page
 * had received when it judged the link ready (`seen`): a grant counts only if the worker has forwarded exactly
 * that many since, so a grant that crossed a forwarded message in flight is never used twice (which would
 * let the second message supersede the first on the page, breaking compressed R-FAST's keyframe chain).
 * Peers the page has not listed yet (a link being created) get their messages at once, as before.
 */
import type { OutgoingMessage } from '@canopy/algorithms';
import type { MessageKind, PeerId } from '@canopy/protocol';
import { nextPending } from '@canopy/algorithms';

export interface ReadyEntry {
  readonly peer: PeerId;
  readonly kind: MessageKind;
  /** Messages of this (peer, kind) the page had received from the worker when it judged the link ready. */
  readonly seen: number;
}

export interface LinkReadiness {
  /** The page's current links. */
  readonly peers: readonly PeerId[];
  /** The (peer, kind) pairs whose next message would go out at once. */
  readonly ready: readonly ReadyEntry[];
}

const keyOf = (peer: PeerId, kind: MessageKind): string => `${kind}\u0000${peer}`;

export class Outbox {
  #known = new Set<PeerId>();
  #granted = new Map<string, number>();
  readonly #forwarded = new Map<string, number>();
  /** Insertion order = the order (peer, kind) pairs started waiting. */
  readonly #held = new Map<string, OutgoingMessage>();
  readonly #superseded = new Map<PeerId, number>();

  /** @param forward hands one message to the page (batched by the caller). */
  constructor(private readonly forward: (message: OutgoingMessage) => void) {}

  /** Messages replaced or merged here before reaching the page, per neighbour (cumulative). */
  get superseded(): ReadonlyMap<PeerId, number> {
    return this.#superseded;
  }

  /** Messages held for a link that is not ready. */
  get heldCount(): number {
    return this.#held.size;
  }

  offer(message: OutgoingMessage): void {
    if (!this.#known.has(message.to)) {
      this.#send(keyOf(message.to, message.kind), message);
      return;
    }
    const key = keyOf(message.to, message.kind);
    const waiting = this.#held.get(key);
    if (waiting !== undefined) this.#superseded.set(message.to, (this.#superseded.get(message.to) ?? 0) + 1);
    this.#held.set(key, nextPending(waiting, message));
    this.#flushKey(key);
  }

  /** NodeOptions.sendsNow: a message offered now would be forwarded and sent at once. */
  sendsNow(peer: PeerId, kind: MessageKind): boolean {
    const key = keyOf(peer, kind);
    return this.#known.has(peer) && !this.#held.has(key) && this.#isReady(key);
  }

  /** A new snapshot from the page: forwards what it allows; drops what was held for links that are gone. */
  update(readiness: LinkReadiness): void {
    this.#known = new Set(readiness.peers);
    this.#granted = new Map(readiness.ready.map((entry) => [keyOf(entry.peer, entry.kind), entry.seen]));
    for (const [key, message] of [...this.#held]) {
      if (!this.#known.has(message.to)) this.#held.delete(key);
      else this.#flushKey(key);
    }
  }

  /** Forgets held messages (a new run starts). */
  clear(): void {
    this.#held.clear();
  }

  #isReady(key: string): boolean {
    const seen = this.#granted.get(key);
    return seen !== undefined && seen === (this.#forwarded.get(key) ?? 0);
  }

  #flushKey(key: string): void {
    const message = this.#held.get(key);
    if (message === undefined || !this.#isReady(key)) return;
    this.#held.delete(key);
    this.#send(key, message);
  }

  #send(key: string, message: OutgoingMessage): void {
    this.#forwarded.set(key, (this.#forwarded.get(key) ?? 0) + 1);
    this.forward(message);
  }
}
