import { describe, expect, it } from 'vitest';
import { peerIds } from './arbitraries';
import { edgeDiff } from './edge-diff';
import { connectedPairs, pullEdges, pushEdges } from './edges';
import { buildRing } from './ring';
import { buildTwoTrees } from './two-trees';

describe('edges and edgeDiff', () => {
  const tree = buildTwoTrees(peerIds(4));

  it('lists directed edges in the direction data flows', () => {
    expect(pullEdges(tree)).toEqual([
      { from: 'p0', to: 'p1' },
      { from: 'p0', to: 'p2' },
      { from: 'p1', to: 'p3' },
    ]);
    expect(pushEdges(tree)).toEqual([
      { from: 'p1', to: 'p0' },
      { from: 'p2', to: 'p0' },
      { from: 'p3', to: 'p1' },
    ]);
  });

  it('counts no change between equal topologies, whatever the epoch', () => {
    expect(edgeDiff(tree, buildTwoTrees(peerIds(4), { epoch: 9 })).changed).toBe(0);
  });

  it('reports added and removed edges per graph', () => {
    const diff = edgeDiff(tree, buildTwoTrees(peerIds(4), { fanOut: 3 }));
    expect(diff.pull).toEqual({ added: [{ from: 'p0', to: 'p3' }], removed: [{ from: 'p1', to: 'p3' }] });
    expect(diff.push).toEqual({ added: [{ from: 'p3', to: 'p0' }], removed: [{ from: 'p3', to: 'p1' }] });
    expect(diff.changed).toBe(4);
  });

  it('keeps ids with separators apart', () => {
    const a = buildTwoTrees(['x', 'a,b', 'c']);
    const b = buildTwoTrees(['x', 'a', 'b,c']);
    expect(edgeDiff(a, b).changed).toBe(8);
  });

  it('lists each linked pair once, older peer first', () => {
    expect(connectedPairs(tree)).toEqual([
      ['p0', 'p1'],
      ['p0', 'p2'],
      ['p1', 'p3'],
    ]);
    expect(connectedPairs(buildRing(peerIds(5)))).toHaveLength(5);
  });
});
