/** Test support only: fast-check generators and matrix checks shared by the topology tests. */
import fc from 'fast-check';
import type { PeerId, Topology, TopologyKind } from '@canopy/protocol';
import { mixingMatrices } from './matrices';

export const peerIds = (n: number, prefix = 'p'): PeerId[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export const arbitrarySize = (max = 64): fc.Arbitrary<number> => fc.integer({ min: 1, max });
export const arbitraryFanOut: fc.Arbitrary<number> = fc.constantFrom(1, 2, 3, 4, Infinity);
export const arbitraryKind: fc.Arbitrary<TopologyKind> = fc.constantFrom('two-trees', 'ring', 'exponential');

/** One step of a membership history: a fresh peer joins, or the member at (index mod size) leaves. */
export type MembershipStep = { readonly op: 'join' } | { readonly op: 'leave'; readonly index: number };
export const arbitraryHistory = (maxLength: number): fc.Arbitrary<MembershipStep[]> =>
  fc.array(
    fc.oneof(
      fc.constant<MembershipStep>({ op: 'join' }),
      fc.nat(1000).map((index): MembershipStep => ({ op: 'leave', index })),
    ),
    { maxLength },
  );

export function maxRowSumError(matrix: readonly (readonly number[])[]): number {
  return Math.max(0, ...matrix.map((row) => Math.abs(row.reduce((a, b) => a + b, 0) - 1)));
}

export function maxColumnSumError(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += matrix[i]?.[j] ?? 0;
    worst = Math.max(worst, Math.abs(sum - 1));
  }
  return worst;
}

/** R row-stochastic and C column-stochastic, non-negative. */
export function expectStochastic(t: Topology): boolean {
  const { R, C } = mixingMatrices(t);
  const nonNegative = [...R.flat(), ...C.flat()].every((w) => w >= 0);
  return nonNegative && maxRowSumError(R) < 1e-12 && maxColumnSumError(C) < 1e-12;
}
