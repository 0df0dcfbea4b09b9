/**
 * Minibatches over a shard by random reshuffling: each epoch visits the shard in a fresh seeded order,
 * cut into full batches (the incomplete tail is skipped this epoch and comes back shuffled in the next).
 */
import { seededRandom, shuffleInPlace, type Random } from '../random';

export class MinibatchSampler {
  private readonly order: Int32Array;
  private readonly random: Random;
  private position: number;
  private epochCount = 0;

  constructor(
    indices: ArrayLike<number>,
    readonly batchSize: number,
    seed: number,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    if (indices.length < batchSize) throw new RangeError(`a shard of ${indices.length} samples cannot fill a batch of ${batchSize}`);
    this.order = Int32Array.from(indices);
    this.random = seededRandom(seed);
    this.position = this.order.length; // forces a shuffle on the first call
  }

  /** Completed passes over the shard. */
  get epoch(): number {
    return Math.max(0, this.epochCount - 1);
  }

  /** The next batch of sample indices (a fresh array the caller may keep). */
  next(): Int32Array {
    if (this.position + this.batchSize > this.order.length) {
      shuffleInPlace(this.order, this.random);
      this.position = 0;
      this.epochCount++;
    }
    const batch = this.order.slice(this.position, this.position + this.batchSize);
    this.position += this.batchSize;
    return batch;
  }
}
