/** Which peers this node needs a link to: its neighbours in either graph (pull or push, in or out). */
import type { PeerId, PeerTopology } from '@canopy/protocol';

export function neighboursOf(topology: PeerTopology): Set<PeerId> {
  const peers = new Set<PeerId>([
    ...topology.pull.in.map((edge) => edge.peer),
    ...topology.pull.out,
    ...topology.push.out.map((edge) => edge.peer),
    ...topology.push.in,
  ]);
  peers.delete(topology.id);
  return peers;
}

/** Exactly one side of a pair makes the WebRTC offer: the one with the lower peer id. */
export function isInitiator(self: PeerId, peer: PeerId): boolean {
  return self < peer;
}
