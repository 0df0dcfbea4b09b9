/** Gradient, loss and smoothness shared by the row-loss problems; subclasses give ℓ, ℓ′ and the exact solver. */
import type { Vector } from '../../node';
import { largestEigenvalue } from '../linalg';
import type { Random } from '../random';
import type { Optimum, Problem, ProblemKind, Shard } from './problem';

export abstract class ShardedProblem implements Problem {
  abstract readonly kind: ProblemKind;
  readonly dimension: number;
  readonly start: Float64Array;
  private readonly scratch: Float64Array;
  private readonly optima = new Map<string, Optimum>();

  constructor(
    protected readonly shards: readonly Shard[],
    dimension: number,
    protected readonly regularization: number,
    private readonly stochastic: boolean,
    private readonly batchSize: number,
  ) {
    this.dimension = dimension;
    this.start = new Float64Array(dimension);
    this.scratch = new Float64Array(dimension);
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /** ℓ(p, y) for prediction p = a·x. */
  protected abstract rowLoss(prediction: number, target: number): number;
  /** ∂ℓ/∂p. */
  protected abstract rowSlope(prediction: number, target: number): number;
  /** Upper bound of ∂²ℓ/∂p² (1 for squares, ¼ for logistic). */
  protected abstract readonly curvatureBound: number;
  protected abstract solve(members: readonly Shard[], warmStart: Float64Array | undefined): Float64Array;

  gradient(shardIndex: number, x: Vector, out: Vector, batch: 'minibatch' | 'full', random: Random): number {
    const shard = this.shard(shardIndex);
    const d = this.dimension;
    const { features, targets, samples } = shard;
    const full = batch === 'full' || !this.stochastic;
    const count = full ? samples : this.batchSize;
    const inv = 1 / count;
    // Accumulate Σ slope·a/count straight into out (Float64 math, whatever out's precision).
    const acc = out.length === d && out instanceof Float64Array ? out : this.scratch;
    let loss = 0;
    for (let r = 0; r < count; r++) {
      const row = full ? r : random.int(samples);
      const offset = row * d;
      let p = 0;
      for (let k = 0; k < d; k++) p += (features[offset + k] as number) * (x[k] as number);
      const y = targets[row] as number;
      loss += this.rowLoss(p, y);
      const slope = this.rowSlope(p, y) * inv;
      if (r === 0) {
        for (let k = 0; k < d; k++) acc[k] = slope * (features[offset + k] as number);
      } else if (slope !== 0) {
        for (let k = 0; k < d; k++) acc[k] = (acc[k] as number) + slope * (features[offset + k] as number);
      }
    }
    const lambda = this.regularization;
    let squared = 0;
    if (lambda !== 0 || acc !== out) {
      for (let k = 0; k < d; k++) {
        const xk = x[k] as number;
        out[k] = (acc[k] as number) + lambda * xk;
        squared += xk * xk;
      }
    }
    return loss * inv + 0.5 * lambda * squared;
  }

  loss(shards: readonly number[], x: Vector): number {
    const d = this.dimension;
    let total = 0;
    for (const index of shards) {
      const { features, targets, samples } = this.shard(index);
      let shardLoss = 0;
      for (let r = 0; r < samples; r++) {
        let p = 0;
        for (let k = 0; k < d; k++) p += (features[r * d + k] as number) * (x[k] as number);
        shardLoss += this.rowLoss(p, targets[r] as number);
      }
      total += shardLoss / samples;
    }
    let squared = 0;
    for (let k = 0; k < d; k++) squared += (x[k] as number) ** 2;
    return total / shards.length + 0.5 * this.regularization * squared;
  }

  smoothness(shards: readonly number[]): number {
    const members = shards.map((s) => this.shard(s));
    const d = this.dimension;
    const gram = (v: Float64Array, out: Float64Array): void => {
      out.fill(0);
      for (const { features, samples } of members) {
        const weight = 1 / (samples * members.length);
        for (let r = 0; r < samples; r++) {
          let p = 0;
          for (let k = 0; k < d; k++) p += (features[r * d + k] as number) * (v[k] as number);
          const w = weight * p;
          for (let k = 0; k < d; k++) out[k] = (out[k] as number) + w * (features[r * d + k] as number);
        }
      }
    };
    return this.curvatureBound * largestEigenvalue(gram, d) + this.regularization;
  }

  optimum(shards: readonly number[]): Optimum {
    const key = [...shards].sort((a, b) => a - b).join(',');
    const cached = this.optima.get(key);
    if (cached !== undefined) return cached;
    const warm = [...this.optima.values()].at(-1)?.x;
    const x = this.solve(shards.map((s) => this.shard(s)), warm);
    const optimum = { x, loss: this.loss(shards, x) };
    this.optima.set(key, optimum);
    return optimum;
  }

  protected shard(index: number): Shard {
    const shard = this.shards[index];
    if (shard === undefined) throw new RangeError(`no shard ${index} (have ${this.shards.length})`);
    return shard;
  }
}
