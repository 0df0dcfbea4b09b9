/**
 * Per-link message and drop rates from the cumulative counters in consecutive metrics samples of the sender.
 * A counter that went down means the link was reopened (its counters restart at zero): the new value is
 * then the whole increment. Rates older than `staleMs` are treated as silence.
 */
import type { MetricsSample, PeerId } from '@canopy/protocol';
import { pairKey } from './edges';

export interface LinkRate {
  readonly from: PeerId;
  readonly to: PeerId;
  /** Messages that left the sender per second (injected drops excluded). */
  readonly messagesPerSecond: number;
  /** Messages the sender's fault injector dropped per second. */
  readonly dropsPerSecond: number;
  readonly bytesPerSecond: number;
  /** drops / (sent + drops) over the last interval; null when nothing was attempted. */
  readonly loss: number | null;
  /** Server time of the sample that ended the interval. */
  readonly at: number;
  /** Local time it was seen (what staleness is measured against: the two clocks may differ). */
  readonly seenAt: number;
}

interface Previous {
  readonly at: number;
  readonly runId: number;
  readonly messagesSent: number;
  readonly injectedDrops: number;
  readonly bytesSent: number;
}

const increment = (now: number, before: number): number => (now >= before ? now - before : now);

export class LinkRateTracker {
  readonly #previous = new Map<string, Previous>();
  readonly #rates = new Map<string, LinkRate>();

  constructor(private readonly staleMs = 5_000) {}

  observe(sample: MetricsSample, seenAt: number = sample.at): void {
    for (const link of sample.links) {
      const key = pairKey(sample.peerId, link.peer);
      const before = this.#previous.get(key);
      const now: Previous = {
        at: sample.at,
        runId: sample.runId,
        messagesSent: link.messagesSent,
        injectedDrops: link.injectedDrops,
        bytesSent: link.bytesSent,
      };
      if (before !== undefined && sample.at <= before.at) continue; // replayed or out of order: nothing new
      this.#previous.set(key, now);
      if (before === undefined) continue;
      const seconds = (sample.at - before.at) / 1000;
      const sent = increment(now.messagesSent, before.messagesSent);
      const drops = increment(now.injectedDrops, before.injectedDrops);
      this.#rates.set(key, {
        from: sample.peerId,
        to: link.peer,
        messagesPerSecond: sent / seconds,
        dropsPerSecond: drops / seconds,
        bytesPerSecond: increment(now.bytesSent, before.bytesSent) / seconds,
        loss: sent + drops === 0 ? null : drops / (sent + drops),
        at: sample.at,
        seenAt,
      });
    }
  }

  /** The current rate of the directed link, or null when unknown or stale. */
  get(from: PeerId, to: PeerId, now: number): LinkRate | null {
    const rate = this.#rates.get(pairKey(from, to));
    return rate !== undefined && now - rate.seenAt <= this.staleMs ? rate : null;
  }

  /** Every rate that is not stale at `now` (local time). */
  current(now: number): LinkRate[] {
    return [...this.#rates.values()].filter((rate) => now - rate.seenAt <= this.staleMs);
  }

  /** Forgets a peer that left, in both directions. */
  forget(peer: PeerId): void {
    for (const [key, rate] of this.#rates) if (rate.from === peer || rate.to === peer) this.#rates.delete(key);
    for (const key of this.#previous.keys()) {
      const [from, to] = key.split('>');
      if (from === peer || to === peer) this.#previous.delete(key);
    }
  }
}
