/** 'none': every value as a little-endian binary64 (8n bytes). Lossless; the baseline the others are measured against. */
import { allFinite, compressionReject, requireFinite, type CompressionRejection, type Compressor, type Encoded, type Values } from './compressor';

export function writeFloat64s(values: Values, out: DataView, offset: number): void {
  for (let i = 0; i < values.length; i++) out.setFloat64(offset + 8 * i, values[i]!, true);
}

export function readFloat64s(bytes: Uint8Array, offset: number, length: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8 * length);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

export const rawCompressor: Compressor = {
  name: 'none',
  encode(values: Values): Encoded {
    requireFinite(values);
    const bytes = new Uint8Array(8 * values.length);
    writeFloat64s(values, new DataView(bytes.buffer), 0);
    return { bytes, decoded: Float64Array.from(values) };
  },
  decode(bytes: Uint8Array, length: number): Float64Array | CompressionRejection {
    if (bytes.length !== 8 * length) return compressionReject('bad-length', `${bytes.length} bytes for ${length} f64 values`);
    const out = readFloat64s(bytes, 0, length);
    return allFinite(out) ? out : compressionReject('non-finite', 'a raw f64 value is NaN or ±Inf');
  },
};
