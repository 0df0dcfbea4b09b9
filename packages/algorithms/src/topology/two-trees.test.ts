import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFanOut, arbitrarySize, expectStochastic, peerIds } from './arbitraries';
import { TopologyError } from './errors';
import type { LatencyMatrix } from './options';
import { buildTwoTrees } from './two-trees';
import { validateTopology } from './validate';

const pullParent = (t: ReturnType<typeof buildTwoTrees>, id: string): string | undefined => t.links[id]?.pull.in[0]?.peer;
const pushParent = (t: ReturnType<typeof buildTwoTrees>, id: string): string | undefined => t.links[id]?.push.out[0]?.peer;

describe('buildTwoTrees', () => {
  it('makes a lone peer its own root with weight 1 everywhere', () => {
    const t = buildTwoTrees(['solo']);
    expect(t).toMatchObject({ kind: 'two-trees', epoch: 0, root: 'solo', peers: ['solo'] });
    expect(t.links['solo']).toEqual({ pull: { selfWeight: 1, in: [], out: [] }, push: { selfWeight: 1, out: [], in: [] } });
    expect(t.piU).toBe(1);
    validateTopology(t);
  });

  it('builds a binary tree in join order: models flow down with ½/½, trackers flow up keeping ½', () => {
    const t = buildTwoTrees(peerIds(7), { epoch: 3 });
    expect(t.root).toBe('p0');
    expect(t.epoch).toBe(3);
    const parents = peerIds(7).map((id) => pullParent(t, id));
    expect(parents).toEqual([undefined, 'p0', 'p0', 'p1', 'p1', 'p2', 'p2']);
    expect(peerIds(7).map((id) => pushParent(t, id))).toEqual(parents);
    expect(t.links['p1']).toEqual({
      pull: { selfWeight: 0.5, in: [{ peer: 'p0', weight: 0.5 }], out: ['p3', 'p4'] },
      push: { selfWeight: 0.5, out: [{ peer: 'p0', weight: 0.5 }], in: ['p3', 'p4'] },
    });
    expect(t.links['p0']?.pull.selfWeight).toBe(1);
    expect(t.links['p0']?.push.selfWeight).toBe(1);
    expect(t.piU).toBeCloseTo(1, 12);
  });

  it('honours fanOut, including a star with Infinity', () => {
    const ternary = buildTwoTrees(peerIds(5), { fanOut: 3 });
    expect(ternary.links['p0']?.pull.out).toEqual(['p1', 'p2', 'p3']);
    expect(pullParent(ternary, 'p4')).toBe('p1');
    const star = buildTwoTrees(peerIds(6), { fanOut: Infinity });
    expect(star.links['p0']?.pull.out).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(() => buildTwoTrees(peerIds(3), { fanOut: 0 })).toThrow(RangeError);
    expect(() => buildTwoTrees(peerIds(3), { fanOut: 1.5 })).toThrow(RangeError);
  });

  it('rejects an empty or duplicated peer list with a TopologyError code', () => {
    expect(() => buildTwoTrees([])).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => buildTwoTrees(['a', 'b', 'a'])).toThrow(expect.objectContaining({ code: 'duplicate-peer' }));
    expect(() => buildTwoTrees(['a', 'b', 'a'])).toThrow(/"a"/);
    expect(() => buildTwoTrees([])).toThrow(TopologyError);
  });

  it('copes with ids that collide with Object.prototype members', () => {
    const t = buildTwoTrees(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    validateTopology(t);
    expect(Object.keys(t.links).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(t.piU).toBeCloseTo(1, 12);
  });

  it('is a valid k-ary two-trees topology with πᵀu = 1 for every size 1..64', () => {
    fc.assert(
      fc.property(arbitrarySize(), arbitraryFanOut, (n, fanOut) => {
        const peers = peerIds(n);
        const t = buildTwoTrees(peers, { fanOut });
        validateTopology(t);
        expect(expectStochastic(t)).toBe(true);
        expect(t.piU).toBeCloseTo(1, 10);
        for (const [i, id] of peers.entries()) {
          const parent = pullParent(t, id);
          if (i > 0) expect(peers.indexOf(parent ?? '')).toBeLessThan(i); // join order: parents are older
          expect(t.links[id]?.pull.out.length ?? 0).toBeLessThanOrEqual(fanOut);
          expect(pushParent(t, id)).toBe(parent);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('buildTwoTrees from latencies', () => {
  // b is close to everyone; c and d are far from the root a.
  const latency: LatencyMatrix = {
    a: { b: 1, c: 50, d: 50 },
    b: { c: 1, d: 1 },
    c: { d: 1 },
  };

  it('builds shortest latency paths from the root instead of join order', () => {
    const t = buildTwoTrees(['a', 'b', 'c', 'd'], { latency });
    expect(t.links['a']?.pull.out).toEqual(['b']);
    expect(t.links['b']?.pull.out).toEqual(['c', 'd']);
    validateTopology(t);
    expect(t.piU).toBeCloseTo(1, 12);
  });

  it('still respects fanOut when the root is closest to everyone', () => {
    const hub: LatencyMatrix = { a: { b: 1, c: 1, d: 1, e: 1 } };
    const t = buildTwoTrees(['a', 'b', 'c', 'd', 'e'], { latency: hub, fanOut: 2 });
    expect(t.links['a']?.pull.out).toEqual(['b', 'c']);
    validateTopology(t);
  });

  it('falls back to the k-ary shape when no latency is known', () => {
    const peers = peerIds(9);
    expect(buildTwoTrees(peers, { latency: {} }).links).toEqual(buildTwoTrees(peers).links);
  });

  it('can use a separate push tree built from child→parent latencies, sharing the root', () => {
    // Downlink a→b is fast but uplink b→a is slow; c relays uplink cheaply.
    const asymmetric: LatencyMatrix = {
      a: { b: 1, c: 1.5 },
      b: { a: 100, c: 1 },
      c: { a: 1, b: 5 },
    };
    const t = buildTwoTrees(['a', 'b', 'c'], { latency: asymmetric, pushTree: 'latency' });
    expect(pullParent(t, 'b')).toBe('a');
    expect(pullParent(t, 'c')).toBe('a');
    expect(pushParent(t, 'b')).toBe('c');
    expect(pushParent(t, 'c')).toBe('a');
    validateTopology(t);
    expect(t.piU).toBeCloseTo(1, 12);
  });

  it('refuses a latency push tree without latencies', () => {
    expect(() => buildTwoTrees(['a', 'b'], { pushTree: 'latency' })).toThrow(RangeError);
  });

  it('stays valid with πᵀu = 1 for random latency matrices', () => {
    fc.assert(
      fc.property(
        arbitrarySize(40),
        arbitraryFanOut,
        fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }), { minLength: 1600, maxLength: 1600 }),
        (n, fanOut, values) => {
          const peers = peerIds(n);
          const matrix: Record<string, Record<string, number>> = {};
          peers.forEach((from, i) =>
            peers.forEach((to, j) => {
              const v = values[i * 40 + j];
              if (v !== undefined) (matrix[from] ??= {})[to] = v;
            }),
          );
          const t = buildTwoTrees(peers, { latency: matrix, fanOut, pushTree: 'latency' });
          validateTopology(t);
          expect(t.piU).toBeCloseTo(1, 10);
          for (const id of peers) expect(t.links[id]?.push.in.length ?? 0).toBeLessThanOrEqual(fanOut);
        },
      ),
      { numRuns: 25 },
    );
  });
});
