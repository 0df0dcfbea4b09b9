/**
 * 'sketch': a count sketch of the vector plus top-k recovery (Sketched-SGD / FetchSGD). The receiver estimates
 * every coordinate from the sketch and keeps the k largest estimates; the rest decode to 0.
 * Bytes: u32 hash seed (fresh per message, so collisions do not repeat), u8 rows, u32 columns, u32 k, then
 * rows × columns f32 buckets. The sender recovers from the same f32 buckets, so `decoded` matches the receiver.
 */
import { allFinite, compressionReject, requireFinite, type CompressionRejection, type Compressor, type Encoded, type Values } from './compressor';
import { CountSketch, MAX_SKETCH_ROWS } from './count-sketch';
import { topKIndices } from './select';
import { keptCount } from './topk';

const HEADER_BYTES = 13;

export interface SketchOptions {
  /** k = ⌈ratio·n⌉ coordinates recovered (default 0.01). */
  readonly ratio?: number;
  /** Hash rows (default 5). */
  readonly rows?: number;
  /**
   * Buckets per row (default 10k, so at most a tenth of a row's buckets hold a heavy hitter and a light
   * coordinate rarely collides with heavy ones in most rows). With the defaults a sketch takes 2n bytes: 4×
   * less than f64, but more than topk. A sketch pays off when sketches are summed (FetchSGD's aggregation),
   * not point to point; it is here so the comparison can show that.
   */
  readonly columns?: number;
}

/** The k largest estimates of the sketch, zero elsewhere. */
export function recoverTopK(sketch: CountSketch, k: number, length: number): Float64Array {
  const estimates = sketch.estimates(length);
  const out = new Float64Array(length);
  for (const index of topKIndices(estimates, k)) out[index] = estimates[index]!;
  return out;
}

export function decodeSketch(bytes: Uint8Array, length: number): Float64Array | CompressionRejection {
  if (bytes.length < HEADER_BYTES) return compressionReject('bad-length', `${bytes.length} bytes hold no sketch header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const seed = view.getUint32(0, true);
  const rows = view.getUint8(4);
  const columns = view.getUint32(5, true);
  const k = view.getUint32(9, true);
  if (rows < 1 || rows > MAX_SKETCH_ROWS || columns < 1 || k > length) {
    return compressionReject('bad-header', `sketch of ${rows} × ${columns} recovering ${k} of ${length}`);
  }
  if (bytes.length !== HEADER_BYTES + 4 * rows * columns) return compressionReject('bad-length', `${bytes.length} bytes for a ${rows} × ${columns} sketch`);
  const table = new Float64Array(rows * columns);
  for (let s = 0; s < table.length; s++) table[s] = view.getFloat32(HEADER_BYTES + 4 * s, true);
  if (!allFinite(table)) return compressionReject('non-finite', 'a sketch bucket is NaN or ±Inf');
  return recoverTopK(new CountSketch(rows, columns, seed, table), k, length);
}

export function createSketch(options: SketchOptions = {}): Compressor {
  const ratio = options.ratio ?? 0.01;
  const rows = options.rows ?? 5;
  if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`sketch ratio must be in (0, 1], got ${ratio}`);
  return {
    name: 'sketch',
    encode(values: Values, random: () => number): Encoded {
      requireFinite(values);
      const n = values.length;
      const k = n === 0 ? 0 : keptCount(n, ratio);
      const columns = options.columns ?? Math.max(1, 10 * k);
      const seed = Math.floor(random() * 2 ** 32) >>> 0;
      const sketch = new CountSketch(rows, columns, seed);
      sketch.add(values);
      const bytes = new Uint8Array(HEADER_BYTES + 4 * rows * columns);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, seed, true);
      view.setUint8(4, rows);
      view.setUint32(5, columns, true);
      view.setUint32(9, k, true);
      const { table } = sketch;
      for (let s = 0; s < table.length; s++) {
        // Recover from the f32 buckets the receiver will read, not from the f64 ones.
        table[s] = Math.fround(table[s]!);
        view.setFloat32(HEADER_BYTES + 4 * s, table[s]!, true);
      }
      if (!allFinite(table)) throw new RangeError('a sketch bucket exceeds the float32 range');
      return { bytes, decoded: recoverTopK(sketch, k, n) };
    },
    decode: decodeSketch,
  };
}
