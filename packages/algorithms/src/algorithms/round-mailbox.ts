/**
 * Per-neighbour models for synchronous rounds. A neighbour is never more than one round ahead of us
 * (it needs our model of the round it is finishing), so two slots per neighbour, by round parity, suffice:
 * the current round and the next one. Payloads are copied in.
 */
import type { PeerId } from '@canopy/protocol';
import type { Precision, Vector } from '../node';
import { allocVector } from './vectors';

interface Slots {
  readonly rounds: [number, number];
  readonly buffers: [Vector, Vector];
}

export class RoundMailbox {
  private readonly slots = new Map<PeerId, Slots>();

  constructor(peers: readonly PeerId[], length: number, precision: Precision) {
    for (const peer of peers) {
      this.slots.set(peer, {
        rounds: [-1, -1],
        buffers: [allocVector(length, precision), allocVector(length, precision)],
      });
    }
  }

  has(peer: PeerId): boolean {
    return this.slots.has(peer);
  }

  /** Stores the model of `round`; false when it was already held (a duplicate). */
  offer(peer: PeerId, round: number, payload: Vector): boolean {
    const slots = this.slots.get(peer);
    if (slots === undefined) return false;
    const parity = (round & 1) as 0 | 1;
    if (slots.rounds[parity] === round) return false;
    slots.rounds[parity] = round;
    slots.buffers[parity].set(payload);
    return true;
  }

  get(peer: PeerId, round: number): Vector | undefined {
    const slots = this.slots.get(peer);
    if (slots === undefined) return undefined;
    const parity = (round & 1) as 0 | 1;
    return slots.rounds[parity] === round ? slots.buffers[parity] : undefined;
  }

  /** The newest round held from that peer, -1 when none. */
  newestRound(peer: PeerId): number {
    const slots = this.slots.get(peer);
    return slots === undefined ? -1 : Math.max(slots.rounds[0], slots.rounds[1]);
  }
}
