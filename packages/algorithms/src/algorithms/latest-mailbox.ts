/**
 * Latest-wins mailbox: one slot per in-link holding the newest payload by the sender's sequence number.
 * Payloads are copied in (the caller may reuse the message buffer once receive() returns). The copy doubles
 * as the finiteness check: it goes to a spare buffer that only replaces the held one when every value is
 * finite, so a malformed packet never corrupts what is held and costs no extra pass.
 */
import type { PeerId } from '@canopy/protocol';
import type { Precision, Vector } from '../node';
import { allocVector } from './vectors';

interface Slot {
  seq: number;
  held: Vector;
  spare: Vector;
}

const EMPTY = -1;

export type OfferOutcome = 'stored' | 'stale-seq' | 'non-finite' | 'not-a-neighbour';

export class LatestMailbox {
  private readonly slots = new Map<PeerId, Slot>();

  constructor(peers: readonly PeerId[], length: number, precision: Precision) {
    for (const peer of peers) {
      this.slots.set(peer, { seq: EMPTY, held: allocVector(length, precision), spare: allocVector(length, precision) });
    }
  }

  has(peer: PeerId): boolean {
    return this.slots.has(peer);
  }

  /** Stores the payload when it is newer than the one held and entirely finite (lengths are checked by the caller). */
  offer(peer: PeerId, seq: number, payload: Vector): OfferOutcome {
    const slot = this.slots.get(peer);
    if (slot === undefined) return 'not-a-neighbour';
    if (seq <= slot.seq) return 'stale-seq';
    const target = slot.spare;
    let check = 0;
    for (let k = 0; k < target.length; k++) {
      const value = payload[k] as number;
      target[k] = value;
      // value − value is 0 for finite numbers and NaN for NaN/±Inf; the sum stays 0 only if all are finite.
      check += value - value;
    }
    if (check !== 0) return 'non-finite';
    slot.spare = slot.held;
    slot.held = target;
    slot.seq = seq;
    return 'stored';
  }

  /** The latest payload from that peer, or undefined before the first one arrives. */
  latest(peer: PeerId): Vector | undefined {
    const slot = this.slots.get(peer);
    return slot === undefined || slot.seq === EMPTY ? undefined : slot.held;
  }

  /** Drops what is held from `peer` (a quarantined link): latest() is undefined again. */
  forget(peer: PeerId): void {
    const slot = this.slots.get(peer);
    if (slot !== undefined) slot.seq = EMPTY;
  }

  /** Sequence number of the latest payload, -1 when none arrived. */
  seq(peer: PeerId): number {
    return this.slots.get(peer)?.seq ?? EMPTY;
  }
}
