/**
 * Which shard this node trains on: its join-order index among the room's members at run start, so members
 * train on disjoint shards. A tab that joins later gets index n and a partition into n + 1 shards, which can
 * overlap with older members' shards (they keep theirs until the next run): harmless, and it never starves a tab.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { ShardChoice } from './gradient-source';

/** FNV-1a, 32 bit. */
export function hashPeerId(peer: PeerId): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < peer.length; i++) {
    hash ^= peer.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function chooseShard(topology: PeerTopology): ShardChoice {
  const nodes = Math.max(1, Math.floor(topology.size));
  return { nodes, node: Math.min(Math.max(0, topology.index), nodes - 1) };
}
