import { addPeer, buildRing, buildTwoTrees } from '@canopy/algorithms';
import { describe, expect, it } from 'vitest';
import { edgeOffsets, edgesByPair, edgesOf, pairKey } from './edges';

const pairs = (list: readonly { from: string; to: string }[]): string[] => list.map((e) => `${e.from}>${e.to}`).sort();

describe('edgesOf', () => {
  it('draws the pull tree parent→child and the push tree child→parent', () => {
    const topology = buildTwoTrees(['a', 'b', 'c', 'd'], { fanOut: 2 });
    const edges = edgesOf(topology);
    // k-ary in join order: a is the root with children b, c; b has child d.
    expect(pairs(edges.pull)).toEqual(['a>b', 'a>c', 'b>d']);
    expect(pairs(edges.push)).toEqual(['b>a', 'c>a', 'd>b']);
    expect(edges.pull.every((e) => e.kind === 'pull')).toBe(true);
  });

  it('follows a repaired topology', () => {
    const grown = addPeer(buildTwoTrees(['a', 'b', 'c']), 'd');
    expect(edgesOf(grown).pull).toHaveLength(3);
    expect(edgesOf(null)).toEqual({ pull: [], push: [] });
  });

  it('lists both directions of a ring in both graphs', () => {
    const edges = edgesOf(buildRing(['a', 'b', 'c', 'd']));
    expect(edges.pull).toHaveLength(8);
    expect(edges.push).toHaveLength(8);
  });
});

describe('edgeOffsets', () => {
  it('puts a pull and a push edge of the same pair on opposite sides', () => {
    const edges = edgesOf(buildTwoTrees(['a', 'b']));
    const offsets = edgeOffsets(edges, 8);
    expect(offsets.get('pull:a>b')).toBe(-4);
    expect(offsets.get('push:b>a')).toBe(4);
  });

  it('spreads the four edges of a ring pair apart, each at its own offset', () => {
    const offsets = edgeOffsets(edgesOf(buildRing(['a', 'b', 'c'])), 6);
    const ab = ['pull:a>b', 'pull:b>a', 'push:a>b', 'push:b>a'].map((key) => offsets.get(key));
    expect(ab).toEqual([-9, -3, 3, 9]);
  });
});

describe('edgesByPair', () => {
  it('maps a directed pair to the edge its messages travel on', () => {
    const index = edgesByPair(edgesOf(buildTwoTrees(['a', 'b', 'c'])));
    expect(index.get(pairKey('a', 'b'))?.kind).toBe('pull');
    expect(index.get(pairKey('b', 'a'))?.kind).toBe('push');
    expect(index.get(pairKey('b', 'c'))).toBeUndefined();
  });
});
