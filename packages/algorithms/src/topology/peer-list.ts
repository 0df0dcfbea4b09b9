import type { PeerId } from '@canopy/protocol';
import { TopologyError } from './errors';

/** Builders accept only a non-empty list of distinct ids. */
export function assertPeerList(peers: readonly PeerId[]): void {
  if (peers.length === 0) throw new TopologyError('empty', 'a topology needs at least one peer');
  const seen = new Set<PeerId>();
  for (const peer of peers) {
    if (seen.has(peer)) throw new TopologyError('duplicate-peer', `peer "${peer}" appears more than once`);
    seen.add(peer);
  }
}

/** Position of each peer in join order (used to break ties deterministically: older first). */
export function joinRank(peers: readonly PeerId[]): Map<PeerId, number> {
  return new Map(peers.map((peer, index) => [peer, index]));
}
