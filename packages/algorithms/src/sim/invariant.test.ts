import { describe, expect, it } from 'vitest';
import type { InvariantTerms } from '../algorithms/rfast';
import type { AlgorithmNode } from '../node';
import { invariantResidual } from './invariant';

/** A stand-in exposing only what invariantResidual reads. */
function auditable(terms: Omit<InvariantTerms, 'id' | 'z' | 'g'> & { z: number[]; g: number[] }): AlgorithmNode {
  const node = {
    invariantTerms: (): InvariantTerms => ({ id: 'x', ...terms, z: Float64Array.from(terms.z), g: Float64Array.from(terms.g) }),
  };
  return node as unknown as AlgorithmNode;
}

const link = (peer: string, values: number[]) => ({ peer, values: Float64Array.from(values) });

describe('invariantResidual', () => {
  it('is 0 when Σz + Σ(ρ − ρ̃) = Σg, mass in flight included', () => {
    const sender = auditable({ z: [1, 1], g: [2, 3], outgoing: [link('r', [1, 2])], incoming: [] });
    // The receiver absorbed only part of ρ: the rest is in flight, still counted.
    const receiver = auditable({ z: [0.5, 1], g: [0, 0], outgoing: [], incoming: [link('s', [0.5, 1])] });
    expect(invariantResidual([sender, receiver])).toBe(0);
  });

  it('measures lost mass relative to the size of the terms', () => {
    const sender = auditable({ z: [1, 0], g: [2, 0], outgoing: [link('r', [1, 0])], incoming: [] });
    const receiver = auditable({ z: [0, 0], g: [0, 0], outgoing: [], incoming: [link('s', [0, 0])] });
    expect(invariantResidual([sender, receiver])).toBe(0);
    const leaky = auditable({ z: [0.5, 0], g: [2, 0], outgoing: [link('r', [1, 0])], incoming: [] });
    // Residual 0.5 over Σ‖terms‖ = 0.5 + 2 + 1.
    expect(invariantResidual([leaky, receiver])).toBeCloseTo(0.5 / 3.5, 15);
  });

  it('is NaN for nodes that are not R-FAST-like, and for no nodes', () => {
    expect(invariantResidual([{} as AlgorithmNode])).toBeNaN();
    expect(invariantResidual([])).toBeNaN();
  });
});
