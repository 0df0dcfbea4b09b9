/**
 * 'topk': the k = ⌈ratio·n⌉ entries of largest magnitude, as indices plus float32 values; the rest decode to 0.
 * Bytes: u32 m (entries sent; zeros among the top k are skipped), m indices (u16 when n ≤ 65536, else u32,
 * strictly increasing), m f32 values.
 */
import { allFinite, compressionReject, requireFinite, type CompressionRejection, type Compressor, type Encoded, type Values } from './compressor';
import { topKIndices } from './select';

export const DEFAULT_TOPK_RATIO = 0.1;

export function indexBytes(length: number): 2 | 4 {
  return length <= 0x10000 ? 2 : 4;
}

/** k for a vector of `length` values: at least 1 (for a non-empty vector), at most length. */
export function keptCount(length: number, ratio: number): number {
  return Math.min(length, Math.max(1, Math.ceil(ratio * length)));
}

export function decodeTopK(bytes: Uint8Array, length: number): Float64Array | CompressionRejection {
  if (bytes.length < 4) return compressionReject('bad-length', `${bytes.length} bytes hold no top-k count`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const m = view.getUint32(0, true);
  if (m > length) return compressionReject('bad-header', `${m} top-k entries for ${length} values`);
  const width = indexBytes(length);
  if (bytes.length !== 4 + m * (width + 4)) return compressionReject('bad-length', `${bytes.length} bytes for ${m} top-k entries`);
  const out = new Float64Array(length);
  const valuesAt = 4 + m * width;
  let previous = -1;
  for (let j = 0; j < m; j++) {
    const index = width === 2 ? view.getUint16(4 + 2 * j, true) : view.getUint32(4 + 4 * j, true);
    if (index <= previous || index >= length) return compressionReject('bad-index', `top-k index ${index} after ${previous} (length ${length})`);
    previous = index;
    out[index] = view.getFloat32(valuesAt + 4 * j, true);
  }
  return allFinite(out) ? out : compressionReject('non-finite', 'a top-k value is NaN or ±Inf');
}

export function createTopK(ratio = DEFAULT_TOPK_RATIO): Compressor {
  if (!(ratio > 0 && ratio <= 1)) throw new RangeError(`top-k ratio must be in (0, 1], got ${ratio}`);
  return {
    name: 'topk',
    encode(values: Values): Encoded {
      requireFinite(values);
      const n = values.length;
      const picked = Array.from(topKIndices(values, keptCount(n, ratio))).filter((i) => values[i] !== 0);
      const m = picked.length;
      const width = indexBytes(n);
      const bytes = new Uint8Array(4 + m * (width + 4));
      const view = new DataView(bytes.buffer);
      view.setUint32(0, m, true);
      const decoded = new Float64Array(n);
      const valuesAt = 4 + m * width;
      picked.forEach((index, j) => {
        if (width === 2) view.setUint16(4 + 2 * j, index, true);
        else view.setUint32(4 + 4 * j, index, true);
        const value = Math.fround(values[index]!);
        view.setFloat32(valuesAt + 4 * j, value, true);
        decoded[index] = value;
      });
      if (!allFinite(decoded)) throw new RangeError('a top-k value exceeds the float32 range');
      return { bytes, decoded };
    },
    decode: decodeTopK,
  };
}
