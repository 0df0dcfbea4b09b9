/**
 * FetchSGD-style error accumulation inside a sketch: updates are added to a count sketch that persists across
 * steps (fixed hashes), and each step extracts the top-k coordinates it can recover. What was extracted leaves
 * the sketch by ZEROING the buckets of the recovered coordinates in every row, not by subtracting their
 * sketch: subtraction leaves the estimate error of every colliding coordinate behind, which accumulates and
 * is known to diverge. The rest of the mass stays in the sketch until it becomes heavy enough to be recovered.
 * (R-FAST does not need this: its error feedback lives exactly in z; see LinkEncoder in @canopy/algorithms.)
 */
import { CountSketch } from './count-sketch';
import { recoverTopK } from './sketch';

export class SketchErrorAccumulator {
  private readonly sketch: CountSketch;

  constructor(
    readonly dimension: number,
    rows: number,
    columns: number,
    seed: number,
  ) {
    this.sketch = new CountSketch(rows, columns, seed);
  }

  /** Adds an update (or momentum step) to the accumulated error. */
  accumulate(values: ArrayLike<number>): void {
    if (values.length !== this.dimension) throw new RangeError(`expected ${this.dimension} values, got ${values.length}`);
    this.sketch.add(values);
  }

  /** Recovers the k heaviest coordinates, removes them from the sketch by zeroing their buckets, returns them. */
  extract(k: number): Float64Array {
    const recovered = recoverTopK(this.sketch, k, this.dimension);
    for (let i = 0; i < recovered.length; i++) if (recovered[i] !== 0) this.sketch.zeroBucketsOf(i);
    return recovered;
  }

  /** The accumulated buckets (read-only view). */
  buckets(): Readonly<Float64Array> {
    return this.sketch.table;
  }

  /** Where coordinate `index` lands in every row (for inspection and tests). */
  slotsOf(index: number): number[] {
    return Array.from({ length: this.sketch.rows }, (_, r) => this.sketch.slot(r, index));
  }
}
