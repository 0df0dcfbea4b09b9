/**
 * 'fp16': a per-message power-of-two scale 2^e (i16) then IEEE binary16 per value: 2 + 2n bytes.
 * The scale puts the largest |value| in [2^14, 2^15), so the whole message uses half precision's full
 * 11-bit mantissa whatever its magnitude (plain fp16 would flush small deltas to zero and overflow at 65504).
 * Error per value ≤ 2^-11·|x| (round to nearest, 11-bit mantissa) plus at most 2^-39·max|x| for values so small
 * that they fall among half precision's subnormals.
 */
import { halfBitsToNumber, toHalfBits } from '../frame/float16';
import { allFinite, compressionReject, requireFinite, type CompressionRejection, type Compressor, type Encoded, type Values } from './compressor';
import { exponentOf, scaleByPowerOfTwo } from './power-of-two';

const HEADER_BYTES = 2;
/** Largest |value| is scaled into [2^14, 2^15): well inside half precision's finite range (≤ 65504). */
const TOP_EXPONENT = 14;
/** Exponents a valid sender can produce (doubles span 2^-1074 .. 2^1023), with margin. */
const MAX_ABS_EXPONENT = 1100;

function maxAbs(values: Values): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

export function decodeFp16(bytes: Uint8Array, length: number): Float64Array | CompressionRejection {
  if (bytes.length !== HEADER_BYTES + 2 * length) return compressionReject('bad-length', `${bytes.length} bytes for ${length} fp16 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const e = view.getInt16(0, true);
  if (Math.abs(e) > MAX_ABS_EXPONENT) return compressionReject('bad-header', `fp16 scale exponent ${e} out of range`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = scaleByPowerOfTwo(halfBitsToNumber(view.getUint16(HEADER_BYTES + 2 * i, true)), e);
  return allFinite(out) ? out : compressionReject('non-finite', 'an fp16 value is NaN or ±Inf (or overflows once scaled)');
}

export const fp16Compressor: Compressor = {
  name: 'fp16',
  encode(values: Values): Encoded {
    requireFinite(values);
    const max = maxAbs(values);
    const e = max === 0 ? 0 : exponentOf(max) - TOP_EXPONENT;
    const bytes = new Uint8Array(HEADER_BYTES + 2 * values.length);
    const view = new DataView(bytes.buffer);
    view.setInt16(0, e, true);
    const decoded = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const bits = toHalfBits(scaleByPowerOfTwo(values[i]!, -e));
      view.setUint16(HEADER_BYTES + 2 * i, bits, true);
      decoded[i] = scaleByPowerOfTwo(halfBitsToNumber(bits), e);
    }
    return { bytes, decoded };
  },
  decode: decodeFp16,
};
