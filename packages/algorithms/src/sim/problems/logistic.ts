/**
 * Heterogeneous L2-regularised logistic regression: ℓ(p, y) = log(1 + e^{−y·p}), plus λ/2‖x‖².
 * Optimum: damped Newton in Float64 until the full gradient norm is ≤ 1e-12.
 */
import { addOuterUpper, norm, solveSpd, symmetrizeFromUpper } from '../linalg';
import type { Shard } from './problem';
import { ShardedProblem } from './sharded-problem';

const GRADIENT_TOLERANCE = 1e-12;
const MAX_NEWTON_STEPS = 100;

export class LogisticProblem extends ShardedProblem {
  readonly kind = 'logistic';
  protected readonly curvatureBound = 0.25;

  protected rowLoss(prediction: number, target: number): number {
    return softplus(-target * prediction);
  }

  protected rowSlope(prediction: number, target: number): number {
    return -target * sigmoid(-target * prediction);
  }

  protected solve(members: readonly Shard[], warmStart: Float64Array | undefined): Float64Array {
    const d = this.dimension;
    let x: Float64Array = warmStart ? Float64Array.from(warmStart) : new Float64Array(d);
    for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
      const { gradient, hessian, loss } = this.secondOrder(members, x);
      if (norm(gradient) <= GRADIENT_TOLERANCE) return x;
      const direction = solveSpd(hessian, d, gradient);
      let t = 1;
      let candidate = shifted(x, direction, t);
      // Backtrack only while far from the optimum; near it, loss differences drown in rounding.
      const slope = direction.reduce((s, v, k) => s + v * (gradient[k] as number), 0);
      while (slope > 1e-20 && this.objective(members, candidate) > loss - 1e-4 * t * slope && t > 1e-8) {
        t /= 2;
        candidate = shifted(x, direction, t);
      }
      x = candidate;
    }
    const { gradient } = this.secondOrder(members, x);
    if (norm(gradient) > 1e-9) throw new Error(`logistic optimum did not converge (gradient norm ${norm(gradient)})`);
    return x;
  }

  private objective(members: readonly Shard[], x: Float64Array): number {
    return this.secondOrder(members, x, false).loss;
  }

  private secondOrder(members: readonly Shard[], x: Float64Array, withHessian = true) {
    const d = this.dimension;
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(withHessian ? d * d : 0);
    let loss = 0;
    for (const { features, targets, samples } of members) {
      const weight = 1 / (samples * members.length);
      for (let r = 0; r < samples; r++) {
        let p = 0;
        for (let k = 0; k < d; k++) p += (features[r * d + k] as number) * (x[k] as number);
        const y = targets[r] as number;
        loss += weight * softplus(-y * p);
        const slope = weight * -y * sigmoid(-y * p);
        for (let k = 0; k < d; k++) gradient[k] = (gradient[k] as number) + slope * (features[r * d + k] as number);
        if (withHessian) {
          const s = sigmoid(p);
          addOuterUpper(hessian, d, features, r * d, weight * s * (1 - s));
        }
      }
    }
    const lambda = this.regularization;
    let squared = 0;
    for (let k = 0; k < d; k++) {
      gradient[k] = (gradient[k] as number) + lambda * (x[k] as number);
      squared += (x[k] as number) ** 2;
      if (withHessian) hessian[k * d + k] = (hessian[k * d + k] as number) + lambda;
    }
    if (withHessian) symmetrizeFromUpper(hessian, d);
    return { gradient, hessian, loss: loss + 0.5 * lambda * squared };
  }
}

function shifted(x: Float64Array, direction: Float64Array, t: number): Float64Array {
  return x.map((v, k) => v - t * (direction[k] as number));
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** log(1 + e^t) without overflow. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}
