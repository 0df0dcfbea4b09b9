import type { PeerId, Topology } from '@canopy/protocol';
import { assembleTopology } from './assemble';
import { gossipLinks } from './links';
import { resolveEpoch, type GossipOptions } from './options';
import { assertPeerList } from './peer-list';

/**
 * One-peer exponential graph made undirected: peer i links to i ± 2^k (mod n) for every 2^k < n, so every
 * peer has the same degree (a circulant graph) and uniform weights make both matrices doubly stochastic.
 * Root: peers[0].
 */
export function buildExponential(peers: readonly PeerId[], options: GossipOptions = {}): Topology {
  assertPeerList(peers);
  const n = peers.length;
  const neighbours = new Map<PeerId, PeerId[]>();
  peers.forEach((id, i) => {
    const around = new Set<PeerId>();
    for (let hop = 1; hop < n; hop *= 2) {
      around.add(peers[(i + hop) % n] as PeerId);
      around.add(peers[(i - hop + n) % n] as PeerId);
    }
    around.delete(id);
    neighbours.set(id, [...around]);
  });
  return assembleTopology({
    kind: 'exponential',
    epoch: resolveEpoch(options.epoch),
    root: peers[0] as PeerId,
    peers,
    links: gossipLinks(peers, neighbours),
  });
}
