/**
 * PC-ASGD's predicting step for one stale neighbour model: a first-order Taylor (delay-compensation) guess of
 * where neighbour l is now, τ steps after it sent x_l with its gradient g_l:
 *   x̂_l = x_l − α τ (g_l + λ g_l ⊙ g_l ⊙ (x_i − x_l))
 * λ g⊙g is DC-ASGD's diagonal Hessian estimate, so g_l + λ g_l⊙g_l⊙(x_i − x_l) approximates ∇f_l at x_i.
 * Clamp (our choice; the paper's rule was not available): the coefficient c_k = α τ λ g_k² of (x_i − x_l) is
 * clamped to [0, 1], so the compensation never moves x̂ by more than the gap |x_i − x_l| per coordinate, however
 * large a gradient or a delay gets.
 */
import type { Vector } from '../node';

export interface PredictionInput {
  /** x_i: the receiver's own model. */
  readonly own: Vector;
  /** x_l^{k−τ}: the neighbour's model as received. */
  readonly model: ArrayLike<number>;
  /** g_l: the gradient the neighbour sent with it. */
  readonly gradient: ArrayLike<number>;
  /** α: the step size. */
  readonly step: number;
  /** τ: the delay in the receiver's steps. */
  readonly delay: number;
  /** λ ≥ 0: weight of the Hessian estimate. */
  readonly lambda: number;
}

/** Writes x̂_l into out (same length as own). */
export function predictNeighbour(out: Vector, input: PredictionInput): void {
  const { own, model, gradient, step, delay, lambda } = input;
  const reach = step * delay;
  for (let k = 0; k < out.length; k++) {
    const xl = model[k] as number;
    const g = gradient[k] as number;
    const coefficient = Math.min(1, reach * lambda * g * g);
    out[k] = xl - reach * g - coefficient * ((own[k] as number) - xl);
  }
}
