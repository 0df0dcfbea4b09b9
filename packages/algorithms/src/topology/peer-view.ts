import type { PeerId, PeerTopology, Topology } from '@canopy/protocol';
import { TopologyError } from './errors';
import { ownValue } from './own';
import { pullDepth } from './pull-depth';

/** What the server sends to one peer: its links plus the global facts (stepScale = 1 / (n · πᵀu)). */
export function peerView(t: Topology, id: PeerId): PeerTopology {
  const links = ownValue(t.links, id);
  if (links === undefined || !t.peers.includes(id)) {
    throw new TopologyError('unknown-peer', `peer "${id}" is not a member of this topology`);
  }
  const size = t.peers.length;
  return {
    id,
    kind: t.kind,
    epoch: t.epoch,
    root: t.root,
    size,
    index: t.peers.indexOf(id),
    stepScale: 1 / (size * t.piU),
    depth: pullDepth(t),
    pull: links.pull,
    push: links.push,
  };
}
