import type { PeerId, Topology } from '@canopy/protocol';
import { assembleTopology } from './assemble';
import { gossipLinks } from './links';
import { resolveEpoch, type GossipOptions } from './options';
import { assertPeerList } from './peer-list';

/**
 * Undirected ring in join order, used in both directions with weights 1/3 (self + two neighbours).
 * n = 2 degenerates to one edge (weights ½), n = 1 to the peer alone (weight 1). Root: peers[0].
 */
export function buildRing(peers: readonly PeerId[], options: GossipOptions = {}): Topology {
  assertPeerList(peers);
  const n = peers.length;
  const neighbours = new Map<PeerId, PeerId[]>();
  peers.forEach((id, i) => {
    const around = new Set([peers[(i + n - 1) % n] as PeerId, peers[(i + 1) % n] as PeerId]);
    around.delete(id);
    neighbours.set(id, [...around]);
  });
  return assembleTopology({
    kind: 'ring',
    epoch: resolveEpoch(options.epoch),
    root: peers[0] as PeerId,
    peers,
    links: gossipLinks(peers, neighbours),
  });
}
