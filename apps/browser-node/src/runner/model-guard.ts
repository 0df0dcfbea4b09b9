/**
 * A node's last good model (issue 16, "Recovery"). After each held-out evaluation the runner asks whether the
 * model blew up: a non-finite loss, or one above max(EXPLOSION_FACTOR × best, best + EXPLOSION_MARGIN) where
 * best is the lowest held-out loss of this run. Anything else is kept as the last good model, which a blown-up
 * node returns to (AlgorithmNode.recover) before it re-syncs from its parent.
 *
 * Why these bounds: honest dips stay far below them (a tree repair or 30% loss moves MNIST from ~0.3 to ~0.7 at
 * worst; a language model's loss never triples in a run), while every attack of issue 16 that got through sent
 * the loss to chance or beyond (2.3 nats on MNIST, up to 7.5e14). A false alarm costs little: the node takes a
 * model it held seconds ago and its parent's next one.
 */
export const EXPLOSION_FACTOR = 3;
/** Nats: keeps a near-zero best loss (a converged quadratic) from calling every fluctuation an explosion. */
export const EXPLOSION_MARGIN = 1;

export type Verdict = 'good' | 'exploded';

export class ModelGuard {
  #best = Number.POSITIVE_INFINITY;
  #lastGood: Float32Array | undefined;
  #recoveries = 0;

  /** The verdict on an evaluated model (`model` is the caller's copy; a good one is kept, not copied again). */
  judge(loss: number, model: Float32Array): Verdict {
    if (!Number.isFinite(loss) || loss > this.threshold) {
      this.#recoveries++;
      return 'exploded';
    }
    this.#best = Math.min(this.#best, loss);
    this.#lastGood = model;
    return 'good';
  }

  /** The held-out loss above which a model counts as blown up (∞ before the first good evaluation). */
  get threshold(): number {
    return Math.max(EXPLOSION_FACTOR * this.#best, this.#best + EXPLOSION_MARGIN);
  }

  /** The latest model judged good, if any. */
  get lastGood(): Float32Array | undefined {
    return this.#lastGood;
  }

  /** Explosions seen in this run (each one a recovery). */
  get recoveries(): number {
    return this.#recoveries;
  }
}
