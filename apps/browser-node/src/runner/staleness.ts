/**
 * Staleness: the mean age, in the sender's steps, of the neighbour packets an activation uses. A packet's
 * age is estimated as (time since it arrived) × (the sender's step rate). The rate is measured from the
 * sender's sequence numbers over windows of at least a second: packets arrive in bursts (a slow link
 * releases several at once), and a rate taken between two packets of a burst would be wildly high.
 */
import type { PeerId } from '@canopy/protocol';

interface Arrival {
  seq: number;
  at: number;
  anchorSeq: number;
  anchorAt: number;
  /** Sender steps per millisecond over the last complete window. */
  rate: number | undefined;
}

export const RATE_WINDOW_MS = 1_000;

export class StalenessMeter {
  readonly #latest = new Map<PeerId, Arrival>();

  /** An accepted packet from `from` with sequence number `seq` at time `at` (ms). */
  record(from: PeerId, seq: number, at: number): void {
    const arrival = this.#latest.get(from);
    if (arrival === undefined || seq < arrival.seq) {
      // First packet, or the sender started over (new node): measure afresh.
      this.#latest.set(from, { seq, at, anchorSeq: seq, anchorAt: at, rate: undefined });
      return;
    }
    arrival.seq = seq;
    arrival.at = at;
    if (at - arrival.anchorAt >= RATE_WINDOW_MS) {
      arrival.rate = (seq - arrival.anchorSeq) / (at - arrival.anchorAt);
      arrival.anchorSeq = seq;
      arrival.anchorAt = at;
    }
  }

  /** Mean estimated age at `now` over neighbours whose rate is known; null when none is. */
  measure(now: number): number | null {
    let sum = 0;
    let count = 0;
    for (const arrival of this.#latest.values()) {
      if (arrival.rate === undefined) continue;
      sum += arrival.rate * Math.max(0, now - arrival.at);
      count++;
    }
    return count === 0 ? null : sum / count;
  }

  clear(): void {
    this.#latest.clear();
  }
}
