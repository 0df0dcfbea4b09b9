import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrarySize, expectStochastic, peerIds } from './arbitraries';
import { buildRing } from './ring';
import { validateTopology } from './validate';

describe('buildRing', () => {
  it('gives a lone peer weight 1 and two peers ½ each', () => {
    const one = buildRing(['a']);
    expect(one.links['a']?.pull).toEqual({ selfWeight: 1, in: [], out: [] });
    const two = buildRing(['a', 'b']);
    expect(two.links['a']?.pull).toEqual({ selfWeight: 0.5, in: [{ peer: 'b', weight: 0.5 }], out: ['b'] });
    expect(two.links['b']?.push).toEqual({ selfWeight: 0.5, out: [{ peer: 'a', weight: 0.5 }], in: ['a'] });
    validateTopology(one);
    validateTopology(two);
  });

  it('links each peer to its predecessor and successor in join order with weights 1/3', () => {
    const t = buildRing(peerIds(5), { epoch: 2 });
    expect(t).toMatchObject({ kind: 'ring', root: 'p0', epoch: 2 });
    expect(t.links['p0']?.pull.in).toEqual([
      { peer: 'p4', weight: 1 / 3 },
      { peer: 'p1', weight: 1 / 3 },
    ]);
    expect(t.links['p2']?.push.out.map((e) => e.peer)).toEqual(['p1', 'p3']);
    expect(t.links['p2']?.pull.selfWeight).toBeCloseTo(1 / 3, 15);
  });

  it('is valid, doubly stochastic and has πᵀu = 1/n for every size 1..64', () => {
    fc.assert(
      fc.property(arbitrarySize(), (n) => {
        const t = buildRing(peerIds(n));
        validateTopology(t);
        expect(expectStochastic(t)).toBe(true);
        expect(t.piU).toBeCloseTo(1 / n, 12);
      }),
      { numRuns: 40 },
    );
  });
});
