/**
 * Uniform stochastic quantization with a per-message range, shared by 'q8' and 'q-dynamic'.
 * Bytes: u8 bits, f32 min, f32 step, then n levels packed at `bits` each; value = min + level·step.
 * min is rounded down and step up to float32, so [min, min + (2^bits − 1)·step] covers every value and
 * stochastic rounding (level = ⌊(x − min)/step + u⌋) is unbiased: E[decoded] = x, |error| < step.
 * bits = 0 sends only min (every value equal).
 */
import { isPackableBits, packedBytes, packLevels, unpackLevels, type PackableBits } from './bit-packing';
import { allFinite, compressionReject, requireFinite, type CompressionRejection, type Encoded, type Values } from './compressor';
import { float32AtLeast, float32AtMost } from './float32-bounds';

export const QUANTIZED_HEADER_BYTES = 9;

export interface Range {
  readonly min: number;
  readonly max: number;
}

export function rangeOf(values: Values): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length === 0 ? { min: 0, max: 0 } : { min, max };
}

/** The float32 min and step the wire will carry for `bits`-bit levels over `range`. */
export function quantizationGrid(range: Range, bits: PackableBits): { readonly min: number; readonly step: number } {
  const min = float32AtMost(range.min);
  if (bits === 0 || range.max === range.min) return { min, step: 0 };
  const top = 2 ** bits - 1;
  let step = float32AtLeast((range.max - min) / top);
  // The division rounds in f64; one more ulp guarantees min + top·step ≥ max.
  if (min + top * step < range.max) step = float32AtLeast(step * (1 + 2 ** -23));
  if (!Number.isFinite(min) || !Number.isFinite(step)) throw new RangeError('values exceed the float32 range of a quantization grid');
  return { min, step };
}

export function encodeQuantized(values: Values, bits: PackableBits, random: () => number, range = rangeOf(values)): Encoded {
  requireFinite(values);
  const usedBits: PackableBits = range.max === range.min ? 0 : bits;
  const { min, step } = quantizationGrid(range, usedBits);
  const n = values.length;
  const bytes = new Uint8Array(QUANTIZED_HEADER_BYTES + packedBytes(n, usedBits));
  const view = new DataView(bytes.buffer);
  view.setUint8(0, usedBits);
  view.setFloat32(1, min, true);
  view.setFloat32(5, step, true);
  const decoded = new Float64Array(n);
  if (usedBits === 0) {
    // The decoder's formula with level 0 (min + 0 is +0 even when min is −0).
    decoded.fill(min + 0 * step);
    return { bytes, decoded };
  }
  const top = 2 ** usedBits - 1;
  const inverse = 1 / step;
  const levels = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const raw = Math.floor((values[i]! - min) * inverse + random());
    const level = raw < 0 ? 0 : raw > top ? top : raw;
    levels[i] = level;
    decoded[i] = min + level * step;
  }
  packLevels(levels, usedBits, bytes, QUANTIZED_HEADER_BYTES);
  return { bytes, decoded };
}

export function decodeQuantized(bytes: Uint8Array, length: number): Float64Array | CompressionRejection {
  if (bytes.length < QUANTIZED_HEADER_BYTES) return compressionReject('bad-length', `${bytes.length} bytes hold no quantization header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const bits = view.getUint8(0);
  if (!isPackableBits(bits)) return compressionReject('bad-header', `${bits} bits per level is not 0, 1, 2, 4, 8 or 16`);
  const expected = QUANTIZED_HEADER_BYTES + packedBytes(length, bits);
  if (bytes.length !== expected) return compressionReject('bad-length', `${bytes.length} bytes for ${length} values at ${bits} bits (expected ${expected})`);
  const min = view.getFloat32(1, true);
  const step = view.getFloat32(5, true);
  if (!Number.isFinite(min) || !Number.isFinite(step)) return compressionReject('non-finite', `quantization range min=${min} step=${step}`);
  const levels = unpackLevels(bytes, QUANTIZED_HEADER_BYTES, length, bits);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = min + levels[i]! * step;
  return allFinite(out) ? out : compressionReject('non-finite', 'the quantization grid overflows');
}
