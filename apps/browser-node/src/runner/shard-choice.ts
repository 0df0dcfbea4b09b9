/**
 * Which shard this node trains on. A peer is told its neighbours and the room size, not its rank among all
 * members, so the index is a hash of the peer id modulo the room size at run start: deterministic, spread
 * evenly, but two peers can land on the same shard (shards then overlap; IID data makes that harmless).
 */
import type { PeerId } from '@canopy/protocol';
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

export function chooseShard(peer: PeerId, roomSize: number): ShardChoice {
  const nodes = Math.max(1, Math.floor(roomSize));
  return { nodes, node: hashPeerId(peer) % nodes };
}
