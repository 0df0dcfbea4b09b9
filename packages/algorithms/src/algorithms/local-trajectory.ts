/**
 * Local steps between exchanges (issue 15, item 3): a tracking node takes H plain SGD steps y ← y − η·∇F_i(y)
 * from its model before each R-FAST step, and what enters its tracker is the mean gradient along that path
 * (the pseudo-gradient p = (y₀ − y_H) / (η·H)). The R-FAST step then moves the model by H·γ·z, so one node alone
 * lands exactly on y_H (H steps of SGD), and a room moves by the average of its nodes' H-step paths, like Local SGD
 * without a barrier. Why: on slow links the information a step acts on is many steps old, and large steps on old
 * information oscillate; with H local steps per exchange the news is H times fewer exchanges old, and a link
 * carries H times fewer messages (each of which costs a browser tab real CPU).
 *
 * The mass bookkeeping is untouched: p is what enters z and what g holds. Exactness: with H = 1 this is R-FAST;
 * with H > 1 on non-identical local losses the fixed point moves (Local SGD's client drift), so H = 1 stays the
 * simulator's exact default.
 */
import type { Vector } from '../node';

export class LocalTrajectory {
  /** y: where the next local gradient is taken. */
  readonly point: Vector;
  private readonly sum: Float64Array;
  private readonly mean: Float64Array;
  /** Gradients taken on the current path (finite or not). */
  private taken = 0;
  private finite = 0;

  constructor(
    readonly steps: number,
    private readonly learningRate: number,
    point: Vector,
  ) {
    this.point = point;
    this.sum = new Float64Array(point.length);
    this.mean = new Float64Array(point.length);
  }

  /** Whether the next gradient is a local one (no exchange): all but the last of the path's H. */
  get local(): boolean {
    return this.taken < this.steps - 1;
  }

  /** Whether a path has begun (some of its gradients are in). */
  get inProgress(): boolean {
    return this.taken > 0;
  }

  /** Starts a path at `model`, abandoning any unfinished one. */
  startAt(model: Vector): void {
    this.reset();
    this.point.set(model);
  }

  /** A local gradient: y ← y − η·grad (a non-finite one is skipped: counted as taken, never applied). */
  step(grad: Vector, finite: boolean): void {
    this.taken++;
    if (!finite) return;
    this.finite++;
    const { point, sum, learningRate } = this;
    for (let k = 0; k < point.length; k++) {
      const value = grad[k] as number;
      sum[k] = (sum[k] as number) + value;
      point[k] = (point[k] as number) - learningRate * value;
    }
  }

  /** Abandons the current path (the model it started from was replaced): the next gradient starts a new one. */
  reset(): void {
    this.sum.fill(0);
    this.taken = 0;
    this.finite = 0;
  }

  /**
   * The path's last gradient: returns the pseudo-gradient (the mean of its finite gradients), or undefined when
   * none was finite, and starts a new path. The vector is reused by the next path: the caller copies it.
   */
  finish(grad: Vector, finite: boolean): Float64Array | undefined {
    const { sum, mean } = this;
    let count = this.finite;
    if (finite) {
      for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + (grad[k] as number);
      count++;
    }
    for (let k = 0; k < sum.length; k++) mean[k] = (sum[k] as number) / count;
    sum.fill(0);
    this.taken = 0;
    this.finite = 0;
    return count > 0 ? mean : undefined;
  }
}
