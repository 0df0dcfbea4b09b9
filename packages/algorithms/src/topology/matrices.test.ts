import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryKind, arbitrarySize, maxColumnSumError, maxRowSumError, peerIds } from './arbitraries';
import { buildTopology } from './build';
import { mixingMatrices } from './matrices';
import { buildTwoTrees } from './two-trees';

describe('mixingMatrices', () => {
  it('puts r_ij in R[i][j] and c_li in C[l][i] for a three-peer tree', () => {
    const { order, R, C } = mixingMatrices(buildTwoTrees(['r', 'a', 'b']));
    expect(order).toEqual(['r', 'a', 'b']);
    expect(R).toEqual([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 0, 0.5],
    ]);
    expect(C).toEqual([
      [1, 0.5, 0.5],
      [0, 0.5, 0],
      [0, 0, 0.5],
    ]);
  });

  it('is row-stochastic for R and column-stochastic for C on every built topology', () => {
    fc.assert(
      fc.property(arbitraryKind, arbitrarySize(), (kind, n) => {
        const { R, C } = mixingMatrices(buildTopology(kind, peerIds(n)));
        expect(maxRowSumError(R)).toBeLessThan(1e-12);
        expect(maxColumnSumError(C)).toBeLessThan(1e-12);
      }),
      { numRuns: 40 },
    );
  });
});
