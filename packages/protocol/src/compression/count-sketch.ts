/**
 * Count sketch (Charikar et al.), the data structure of Sketched-SGD and FetchSGD: `rows` hash rows of
 * `columns` buckets; coordinate i adds sign_r(i)·x_i to bucket h_r(i) of every row r, and its estimate is the
 * median over rows of sign_r(i)·bucket. Linear, so sketches of sums are sums of sketches. The hashes come
 * from a 32-bit seed: the same seed gives the same buckets on every machine.
 */

export const MAX_SKETCH_ROWS = 16;

/** murmur3's 32-bit finaliser: a cheap, well-mixed integer hash. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class CountSketch {
  readonly table: Float64Array;
  private readonly rowSeeds: Uint32Array;
  private readonly medianScratch: Float64Array;

  constructor(
    readonly rows: number,
    readonly columns: number,
    readonly seed: number,
    table?: Float64Array,
  ) {
    if (!(Number.isInteger(rows) && rows >= 1 && rows <= MAX_SKETCH_ROWS)) throw new RangeError(`sketch rows must be 1..${MAX_SKETCH_ROWS}, got ${rows}`);
    if (!(Number.isInteger(columns) && columns >= 1)) throw new RangeError(`sketch columns must be a positive integer, got ${columns}`);
    this.table = table ?? new Float64Array(rows * columns);
    if (this.table.length !== rows * columns) throw new RangeError('sketch table size differs from rows × columns');
    this.rowSeeds = Uint32Array.from({ length: rows }, (_, r) => mix32((seed >>> 0) + Math.imul(r + 1, 0x9e37_79b9)));
    this.medianScratch = new Float64Array(rows);
  }

  private hash(row: number, index: number): number {
    return mix32(Math.imul(index, 0x9e37_79b1) ^ this.rowSeeds[row]!);
  }

  /** Position of coordinate `index` in row `row` of the table. */
  slot(row: number, index: number): number {
    return row * this.columns + ((this.hash(row, index) >>> 1) % this.columns);
  }

  sign(row: number, index: number): 1 | -1 {
    return (this.hash(row, index) & 1) === 0 ? 1 : -1;
  }

  /** table += sketch(values). */
  add(values: ArrayLike<number>): void {
    const { table, rows } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === 0) continue;
      for (let r = 0; r < rows; r++) {
        const h = this.hash(r, i);
        const slot = r * this.columns + ((h >>> 1) % this.columns);
        table[slot] = table[slot]! + ((h & 1) === 0 ? v : -v);
      }
    }
  }

  /** Median over rows of sign·bucket (mean of the two middle ones for an even row count). */
  estimate(index: number): number {
    const { rows, table } = this;
    const m = this.medianScratch;
    for (let r = 0; r < rows; r++) {
      const h = this.hash(r, index);
      const bucket = table[r * this.columns + ((h >>> 1) % this.columns)]!;
      m[r] = (h & 1) === 0 ? bucket : -bucket;
    }
    // Insertion sort: rows ≤ 16.
    for (let a = 1; a < rows; a++) {
      const v = m[a]!;
      let b = a - 1;
      while (b >= 0 && m[b]! > v) {
        m[b + 1] = m[b]!;
        b--;
      }
      m[b + 1] = v;
    }
    const half = rows >>> 1;
    return rows % 2 === 1 ? m[half]! : 0.5 * (m[half - 1]! + m[half]!);
  }

  estimates(length: number): Float64Array {
    const out = new Float64Array(length);
    for (let i = 0; i < length; i++) out[i] = this.estimate(i);
    return out;
  }

  /** Zeroes the bucket of `index` in every row (FetchSGD: what was recovered leaves the sketch this way). */
  zeroBucketsOf(index: number): void {
    for (let r = 0; r < this.rows; r++) this.table[this.slot(r, index)] = 0;
  }
}
