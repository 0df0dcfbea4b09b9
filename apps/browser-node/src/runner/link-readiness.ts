/**
 * The page's side of the runner worker's outbox (outbox.ts): counts what the worker forwarded per
 * (peer, kind) and tells it which links would send a message at once, each with the count it had seen.
 */
import type { OutgoingMessage } from '@canopy/algorithms';
import { MESSAGE_KINDS, type MessageKind, type PeerId } from '@canopy/protocol';
import type { LinkReadiness, ReadyEntry } from './outbox';

const KINDS = Object.keys(MESSAGE_KINDS) as MessageKind[];

export interface ReadinessSource {
  links(): readonly { readonly peer: PeerId }[];
  sendsNow(peer: PeerId, kind: MessageKind): boolean;
}

export class ReadinessTracker {
  readonly #seen = new Map<string, number>();
  #last = '';

  constructor(private readonly mesh: ReadinessSource) {}

  /** A message the worker forwarded (call before sending it). */
  noteForwarded(message: OutgoingMessage): void {
    const key = `${message.kind}\u0000${message.to}`;
    this.#seen.set(key, (this.#seen.get(key) ?? 0) + 1);
  }

  /** The current readiness if it differs from the last one returned, else undefined. */
  changed(): LinkReadiness | undefined {
    const peers = this.mesh.links().map((link) => link.peer);
    const ready: ReadyEntry[] = [];
    for (const peer of peers) {
      for (const kind of KINDS) {
        if (this.mesh.sendsNow(peer, kind)) ready.push({ peer, kind, seen: this.#seen.get(`${kind}\u0000${peer}`) ?? 0 });
      }
    }
    const signature = JSON.stringify([peers, ready]);
    if (signature === this.#last) return undefined;
    this.#last = signature;
    return { peers, ready };
  }
}
