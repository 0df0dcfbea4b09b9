/**
 * R-FAST's mass invariant Σ_i z_i + Σ_links (ρ_ij − ρ̃_ij) = Σ_i g_i, as a relative residual:
 * ‖Σz + Σρ − Σρ̃ − Σg‖ divided by the sum of the norms of every term (the scale rounding errors live at).
 * NaN when a node does not expose its tracker terms (not R-FAST-like).
 */
import { isMassAuditable } from '../algorithms/rfast';
import type { AlgorithmNode } from '../node';
import { norm } from './linalg';

export function invariantResidual(nodes: readonly AlgorithmNode[]): number {
  const first = nodes[0];
  if (first === undefined) return Number.NaN;
  let total: Float64Array | undefined;
  let scale = 0;
  const add = (values: Readonly<Float64Array>, sign: number): void => {
    total ??= new Float64Array(values.length);
    for (let k = 0; k < values.length; k++) total[k] = (total[k] as number) + sign * (values[k] as number);
    scale += norm(values as Float64Array);
  };
  for (const node of nodes) {
    if (!isMassAuditable(node)) return Number.NaN;
    const terms = node.invariantTerms();
    add(terms.z, 1);
    add(terms.g, -1);
    for (const link of terms.outgoing) add(link.values, 1);
    for (const link of terms.incoming) add(link.values, -1);
  }
  if (total === undefined || scale === 0) return 0;
  return norm(total) / scale;
}
