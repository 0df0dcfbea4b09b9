/**
 * The SYNTHESIS coordinator's estimator (held by the tree root; synthesis.ts): the SPIDER recursion
 *   checkpoint:  v_k = ∇f(x_k)  (the mean of the nodes' full local gradients at x_k)
 *   otherwise:   v_k = v_{k−1} + δ,  δ = ∇f_S(x_s) − ∇f_S(x_{s−1}) from one worker, on one minibatch S
 *   always:      x_{k+1} = x_k − η v_k
 * A difference is accepted only when its pair lies after the last checkpoint k_c (s − 1 ≥ k_c: the checkpoint's
 * full gradient already contains everything before) and it is at most Δ updates stale (k − s ≤ Δ).
 * Pure state: no messages, no topology.
 */
import type { Precision, Vector } from '../node';
import { allocVector } from './vectors';

export interface SpiderSchedule {
  /** η. */
  readonly stepSize: number;
  /** q: updates between checkpoints. */
  readonly period: number;
  /** Δ: largest accepted staleness k − s. */
  readonly maxStaleness: number;
}

export type DifferenceVerdict = 'applied' | 'before-checkpoint' | 'too-stale' | 'from-the-future';

export class SpiderCoordinator {
  private k: number;
  private checkpointIndex: number;
  /** x_k and x_{k−1}. */
  private readonly current: Vector;
  private readonly previous: Vector;
  private readonly v: Float64Array;

  /** Starts at iterate `start` (index `k`) with a checkpoint in progress there. */
  constructor(
    private readonly schedule: SpiderSchedule,
    start: Vector,
    precision: Precision,
    k = 0,
  ) {
    this.k = k;
    this.checkpointIndex = k;
    this.current = allocVector(start.length, precision);
    this.current.set(start);
    this.previous = allocVector(start.length, precision);
    this.previous.set(start);
    this.v = new Float64Array(start.length);
  }

  /** k: index of the current iterate x_k. */
  get iteration(): number {
    return this.k;
  }

  /** k_c: index of the last checkpoint. */
  get checkpoint(): number {
    return this.checkpointIndex;
  }

  /** x_k (live view). */
  get iterate(): Vector {
    return this.current;
  }

  /** x_{k−1} (live view). */
  get previousIterate(): Vector {
    return this.previous;
  }

  /** Whether q updates have happened since the last checkpoint: time for the next one, at x_k. */
  get checkpointDue(): boolean {
    return this.k - this.checkpointIndex >= this.schedule.period;
  }

  /** A checkpoint is in progress (started, full gradient not yet applied): differences are refused meanwhile. */
  startCheckpoint(): void {
    this.checkpointIndex = this.k;
  }

  /** v ← the full gradient at the checkpoint; one step. */
  applyCheckpoint(fullGradient: ArrayLike<number>): void {
    if (this.k !== this.checkpointIndex) throw new Error('applyCheckpoint() without startCheckpoint()');
    const { v } = this;
    for (let i = 0; i < v.length; i++) v[i] = fullGradient[i] as number;
    this.step();
  }

  /** Judges the difference of pair (x_s, x_{s−1}) and, when acceptable, applies v ← v + δ and one step. */
  applyDifference(s: number, delta: ArrayLike<number>): DifferenceVerdict {
    if (s > this.k) return 'from-the-future';
    if (s - 1 < this.checkpointIndex) return 'before-checkpoint';
    if (this.k - s > this.schedule.maxStaleness) return 'too-stale';
    const { v } = this;
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) + (delta[i] as number);
    this.step();
    return 'applied';
  }

  private step(): void {
    const { current, previous, v } = this;
    const eta = this.schedule.stepSize;
    previous.set(current);
    for (let i = 0; i < current.length; i++) current[i] = (current[i] as number) - eta * (v[i] as number);
    this.k++;
  }
}
