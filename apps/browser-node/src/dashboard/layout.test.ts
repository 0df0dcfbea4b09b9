import { addPeer, buildRing, buildTwoTrees, removePeer } from '@canopy/algorithms';
import type { Topology } from '@canopy/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_LAYOUT, freeSlot, tidyLayout, updateLayout, type Layout } from './layout';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}`);

function minRowGap(layout: Layout): number {
  const points = [...layout.positions.values()];
  let gap = Infinity;
  for (const a of points) for (const b of points) if (a !== b && a.y === b.y) gap = Math.min(gap, Math.abs(a.x - b.x));
  return gap;
}

describe('tidyLayout', () => {
  it('puts the root on top and every child one row below its pull parent', () => {
    const topology = buildTwoTrees(ids(7), { fanOut: 2 });
    const layout = tidyLayout(topology);
    expect(layout.positions.get('p0')).toMatchObject({ y: 0 });
    for (const peer of topology.peers.slice(1)) {
      const parent = topology.links[peer]?.pull.in[0]?.peer ?? '';
      expect(layout.positions.get(peer)?.y).toBe((layout.positions.get(parent)?.y ?? NaN) + 1);
    }
    expect(minRowGap(layout)).toBeGreaterThanOrEqual(1);
  });

  it('centres a parent over its children', () => {
    const layout = tidyLayout(buildTwoTrees(ids(3), { fanOut: 2 }));
    const [root, left, right] = ['p0', 'p1', 'p2'].map((p) => layout.positions.get(p)?.x ?? NaN);
    expect(root).toBe(((left ?? 0) + (right ?? 0)) / 2);
  });

  it('places a ring on a circle with the root on top', () => {
    const layout = tidyLayout(buildRing(ids(6)));
    const root = layout.positions.get('p0');
    expect(root?.x).toBeCloseTo(0);
    for (const p of layout.positions.values()) expect(p.y).toBeGreaterThanOrEqual((root?.y ?? 0) - 1e-9);
  });
});

describe('updateLayout', () => {
  it('keeps every surviving node where it was across joins and leaves', () => {
    let topology: Topology = buildTwoTrees(ids(5), { fanOut: 2 });
    let layout = updateLayout(EMPTY_LAYOUT, topology);
    const before = new Map(layout.positions);
    topology = addPeer(topology, 'p5');
    topology = addPeer(topology, 'p6');
    topology = removePeer(topology, 'p3');
    layout = updateLayout(layout, topology);
    for (const peer of topology.peers) if (before.has(peer)) expect(layout.positions.get(peer)).toEqual(before.get(peer));
    expect(layout.positions.has('p3')).toBe(false);
    expect(layout.positions.size).toBe(topology.peers.length);
  });

  it('never lets two nodes of a row overlap, whatever the sequence of joins and leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), (joins) => {
        let topology: Topology = buildTwoTrees(['r'], { fanOut: 2 });
        let layout = updateLayout(EMPTY_LAYOUT, topology);
        let next = 0;
        for (const join of joins) {
          const leaver = topology.peers.find((p) => p !== 'r');
          if (join || leaver === undefined) topology = addPeer(topology, `n${next++}`);
          else topology = removePeer(topology, leaver);
          layout = updateLayout(layout, topology);
          expect(minRowGap(layout)).toBeGreaterThanOrEqual(1 - 1e-9);
          expect(layout.positions.size).toBe(topology.peers.length);
        }
      }),
      { seed: 6, numRuns: 60 },
    );
  });

  it('lays everything out again when the root or the graph kind changes', () => {
    const layout = updateLayout(EMPTY_LAYOUT, buildTwoTrees(ids(4)));
    const rerooted = updateLayout(layout, buildTwoTrees(['p2', 'p0', 'p1', 'p3']));
    expect(rerooted.positions.get('p2')).toMatchObject({ y: 0 });
    const ring = updateLayout(layout, buildRing(ids(4)));
    expect(ring.kind).toBe('ring');
    expect(updateLayout(layout, null)).toBe(EMPTY_LAYOUT);
  });
});

describe('freeSlot', () => {
  it('returns the desired x when free, else the nearest free place', () => {
    expect(freeSlot([{ x: 0, y: 1 }], 2, 0)).toBe(0);
    expect(freeSlot([{ x: 0, y: 1 }], 1, 0)).toBe(1);
    expect(freeSlot([{ x: 0, y: 1 }, { x: 1, y: 1 }], 1, 0.8)).toBe(2);
    expect(freeSlot([{ x: 0, y: 1 }, { x: 1, y: 1 }], 1, 0.2)).toBe(-1);
  });
});
