import { buildTwoTrees, peerView } from '@canopy/algorithms';
import { describe, expect, it } from 'vitest';
import { chooseShard } from './shard-choice';

describe('chooseShard', () => {
  it('gives every member of a room its own shard', () => {
    const peers = ['a', 'b', 'c', 'd', 'e'];
    const topology = buildTwoTrees(peers);
    const shards = peers.map((id) => chooseShard(peerView(topology, id)));
    expect(new Set(shards.map((s) => s.node)).size).toBe(peers.length);
    expect(shards.every((s) => s.nodes === peers.length)).toBe(true);
  });

  it('keeps shard indices in range when the index is out of date', () => {
    const view = { ...peerView(buildTwoTrees(['a', 'b']), 'b'), index: 7 };
    expect(chooseShard(view)).toEqual({ nodes: 2, node: 1 });
  });
});
