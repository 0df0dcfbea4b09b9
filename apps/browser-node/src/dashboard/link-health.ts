/**
 * Per node, from its reports: how many of its links are open, how many go through a TURN relay, and which have
 * not been open for a while (stalled: the teacher should look at that laptop's page, which says why).
 */
import type { MetricsSample, PeerId } from '@canopy/protocol';

/** A link still not open after this long is not just negotiating (a WebRTC link opens in 1-3 s). */
export const STALLED_AFTER_MS = 10_000;

export interface LinkHealth {
  readonly open: number;
  readonly total: number;
  readonly relayed: readonly PeerId[];
  readonly stalled: readonly PeerId[];
}

export class LinkHealthTracker {
  /** reporter → neighbour → server time of the first report in which that link was not open. */
  readonly #notOpenSince = new Map<PeerId, Map<PeerId, number>>();
  readonly #latest = new Map<PeerId, MetricsSample>();

  observe(sample: MetricsSample): void {
    const before = this.#latest.get(sample.peerId);
    if (before !== undefined && sample.at <= before.at) return;
    this.#latest.set(sample.peerId, sample);
    const earlier = this.#notOpenSince.get(sample.peerId) ?? new Map<PeerId, number>();
    const since = new Map<PeerId, number>();
    for (const link of sample.links) if (link.state !== 'open') since.set(link.peer, earlier.get(link.peer) ?? sample.at);
    this.#notOpenSince.set(sample.peerId, since);
  }

  forget(peer: PeerId): void {
    this.#latest.delete(peer);
    this.#notOpenSince.delete(peer);
  }

  /** null before the node's first report. */
  health(peer: PeerId): LinkHealth | null {
    const sample = this.#latest.get(peer);
    if (sample === undefined) return null;
    const since = this.#notOpenSince.get(peer) ?? new Map<PeerId, number>();
    return {
      open: sample.links.filter((link) => link.state === 'open').length,
      total: sample.links.length,
      relayed: sample.links.filter((link) => link.state === 'open' && link.route === 'relayed').map((link) => link.peer),
      stalled: [...since].filter(([, at]) => sample.at - at >= STALLED_AFTER_MS).map(([neighbour]) => neighbour),
    };
  }
}

/** "2/2 open, 1 relayed", "1/2 open, 1 stalled", "–" before any report. */
export function formatLinkHealth(health: LinkHealth | null): string {
  if (health === null || health.total === 0) return '–';
  const parts = [`${health.open}/${health.total} open`];
  if (health.relayed.length > 0) parts.push(`${health.relayed.length} relayed`);
  if (health.stalled.length > 0) parts.push(`${health.stalled.length} stalled`);
  return parts.join(', ');
}
