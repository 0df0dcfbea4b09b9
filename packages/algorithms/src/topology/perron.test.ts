import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId, Topology } from '@canopy/protocol';
import { arbitraryFanOut, arbitraryKind, arbitrarySize, peerIds } from './arbitraries';
import { buildTopology } from './build';
import { buildRing } from './ring';
import { gossipLinks } from './links';
import { mixingMatrices } from './matrices';
import { computePiU, perronVectors } from './perron';
import { buildTwoTrees } from './two-trees';

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
const sum = (a: readonly number[]): number => a.reduce((s, x) => s + x, 0);

describe('perronVectors', () => {
  it('satisfies πᵀR = πᵀ and Cu = u with Σπ = Σu = 1 on every built topology', () => {
    fc.assert(
      fc.property(arbitraryKind, arbitrarySize(), arbitraryFanOut, (kind, n, fanOut) => {
        const t = buildTopology(kind, peerIds(n), { fanOut });
        const { pi, u } = perronVectors(t);
        const { R, C } = mixingMatrices(t);
        expect(sum(pi)).toBeCloseTo(1, 12);
        expect(sum(u)).toBeCloseTo(1, 12);
        for (let j = 0; j < n; j++) {
          expect(dot(pi, R.map((row) => row[j] ?? 0))).toBeCloseTo(pi[j] ?? NaN, 12);
          expect(dot(C[j] ?? [], u)).toBeCloseTo(u[j] ?? NaN, 12);
        }
        expect(computePiU(t)).toBeCloseTo(dot(pi, u), 15);
      }),
      { numRuns: 40 },
    );
  });

  it('concentrates both vectors on the common root of two trees', () => {
    const { pi, u } = perronVectors(buildTwoTrees(peerIds(15), { fanOut: 1 }));
    expect(pi[0]).toBeCloseTo(1, 12);
    expect(u[0]).toBeCloseTo(1, 12);
  });

  it('is exact on two trees (all mass at the root, found without iterating), even for a path of 1,000', () => {
    for (const fanOut of [1, 2, 4]) {
      const { pi, u } = perronVectors(buildTwoTrees(peerIds(1000), { fanOut }));
      expect([pi[0], u[0], sum(pi), sum(u)]).toEqual([1, 1, 1, 1]);
    }
  });

  it('with two peers that each keep all their mass, falls back to iterating (no single sink to jump to)', () => {
    const keepAll = { selfWeight: 1, in: [], out: [] };
    const links: Topology['links'] = {
      a: { pull: keepAll, push: keepAll },
      b: { pull: keepAll, push: keepAll },
      c: { pull: { selfWeight: 0, in: [{ peer: 'a', weight: 0.5 }, { peer: 'b', weight: 0.5 }], out: [] }, push: keepAll },
    };
    const { pi } = perronVectors({ peers: ['a', 'b', 'c'], links });
    expect(pi[0]).toBeCloseTo(0.5, 12);
    expect(pi[1]).toBeCloseTo(0.5, 12);
    expect(pi[2]).toBeCloseTo(0, 12);
  });

  it('weights peers of a non-regular gossip graph by degree + 1 (exact oracle)', () => {
    // Star hub h with 4 leaves, uniform weights 1/(d+1): π_i = u_i = (d_i + 1) / Σ (d + 1).
    const peers = ['h', 'a', 'b', 'c', 'd'];
    const neighbours = new Map<PeerId, PeerId[]>([['h', ['a', 'b', 'c', 'd']], ...['a', 'b', 'c', 'd'].map((x): [PeerId, PeerId[]] => [x, ['h']])]);
    const graph = { peers, links: gossipLinks(peers, neighbours) };
    const { pi, u } = perronVectors(graph);
    const expected = [5, 2, 2, 2, 2].map((x) => x / 13);
    pi.forEach((p, i) => expect(p).toBeCloseTo(expected[i] ?? NaN, 12));
    u.forEach((p, i) => expect(p).toBeCloseTo(expected[i] ?? NaN, 12));
    expect(computePiU(graph)).toBeCloseTo((25 + 4 * 4) / 169, 12);
  });

  it('converges on a periodic chain (zero self-weights) instead of oscillating', () => {
    const links: Topology['links'] = {
      a: { pull: { selfWeight: 0, in: [{ peer: 'b', weight: 1 }], out: ['b'] }, push: { selfWeight: 0, out: [{ peer: 'b', weight: 1 }], in: ['b'] } },
      b: { pull: { selfWeight: 0, in: [{ peer: 'a', weight: 1 }], out: ['a'] }, push: { selfWeight: 0, out: [{ peer: 'a', weight: 1 }], in: ['a'] } },
    };
    const { pi, u } = perronVectors({ peers: ['a', 'b'], links });
    expect(pi[0]).toBeCloseTo(0.5, 12);
    expect(u[1]).toBeCloseTo(0.5, 12);
  });

  it('handles a thousand peers through sparse iteration', () => {
    const peers = peerIds(1000);
    expect(buildTwoTrees(peers).piU).toBeCloseTo(1, 10);
    expect(buildTwoTrees(peers, { fanOut: 1 }).piU).toBeCloseTo(1, 10); // a path: the slowest tree to drain
    expect(buildRing(peers).piU).toBeCloseTo(1 / 1000, 14);
  });
});
