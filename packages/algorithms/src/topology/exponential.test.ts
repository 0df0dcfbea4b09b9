import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitrarySize, expectStochastic, peerIds } from './arbitraries';
import { buildExponential } from './exponential';
import { validateTopology } from './validate';

const neighbours = (t: ReturnType<typeof buildExponential>, id: string): string[] =>
  (t.links[id]?.pull.in ?? []).map((e) => e.peer).sort();

describe('buildExponential', () => {
  it('links i to i ± 2^k for every 2^k < n', () => {
    const t = buildExponential(peerIds(8));
    expect(t.kind).toBe('exponential');
    expect(neighbours(t, 'p0')).toEqual(['p1', 'p2', 'p4', 'p6', 'p7']);
    expect(neighbours(t, 'p3')).toEqual(['p1', 'p2', 'p4', 'p5', 'p7']);
    expect(t.links['p0']?.pull.selfWeight).toBeCloseTo(1 / 6, 15);
  });

  it('becomes the complete graph when the hops cover everyone (n = 5) and stays sane for n = 1, 2', () => {
    expect(neighbours(buildExponential(peerIds(5)), 'p0')).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(buildExponential(['a']).links['a']?.pull.selfWeight).toBe(1);
    expect(neighbours(buildExponential(['a', 'b']), 'a')).toEqual(['b']);
  });

  it('is regular, valid and has πᵀu = 1/n for every size 1..64', () => {
    fc.assert(
      fc.property(arbitrarySize(), (n) => {
        const t = buildExponential(peerIds(n));
        validateTopology(t);
        expect(expectStochastic(t)).toBe(true);
        const degrees = new Set(t.peers.map((id) => t.links[id]?.pull.in.length));
        expect(degrees.size).toBe(1);
        expect(t.piU).toBeCloseTo(1 / n, 12);
      }),
      { numRuns: 40 },
    );
  });
});
