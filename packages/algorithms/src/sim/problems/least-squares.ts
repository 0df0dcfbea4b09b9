/**
 * Heterogeneous least squares: f_s(x) = 1/(2m)‖A_s x − b_s‖². Optimum: the normal equations
 * (Σ_s A_sᵀA_s/m) x = Σ_s A_sᵀb_s/m solved exactly in Float64 (Cholesky + one refinement step).
 */
import { addOuterUpper, solveSpd, symmetrizeFromUpper } from '../linalg';
import type { Shard } from './problem';
import { ShardedProblem } from './sharded-problem';

export class LeastSquaresProblem extends ShardedProblem {
  readonly kind = 'least-squares';
  protected readonly curvatureBound = 1;

  protected rowLoss(prediction: number, target: number): number {
    const r = prediction - target;
    return 0.5 * r * r;
  }

  protected rowSlope(prediction: number, target: number): number {
    return prediction - target;
  }

  protected solve(members: readonly Shard[]): Float64Array {
    const d = this.dimension;
    const h = new Float64Array(d * d);
    const rhs = new Float64Array(d);
    for (const { features, targets, samples } of members) {
      const weight = 1 / (samples * members.length);
      for (let r = 0; r < samples; r++) {
        addOuterUpper(h, d, features, r * d, weight);
        const wy = weight * (targets[r] as number);
        for (let k = 0; k < d; k++) rhs[k] = (rhs[k] as number) + wy * (features[r * d + k] as number);
      }
    }
    for (let k = 0; k < d; k++) h[k * d + k] = (h[k * d + k] as number) + this.regularization;
    symmetrizeFromUpper(h, d);
    return solveSpd(h, d, rhs);
  }
}
