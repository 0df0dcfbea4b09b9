/**
 * 8-bit quantization with a per-message range: payload = f32 min, f32 step, then one u8 q per value,
 * value = min + q × step with step = (max − min) / 255. Error ≤ step with stochastic rounding (which is
 * unbiased: E[decoded] = value), ≤ step / 2 with round-to-nearest.
 */
import { Q8_HEADER_BYTES } from './layout';
import { reject, type Rejection } from './reasons';

const LEVELS = 255;

/**
 * Quantizes `values` into `out` (length Q8_HEADER_BYTES + values.length). With `random` (uniform in [0, 1))
 * rounding is stochastic, else to nearest. Non-finite input writes a NaN range, which receivers reject.
 */
export function encodeQ8Into(values: Float32Array | Float64Array, out: Uint8Array, random?: () => number): void {
  let min = Infinity;
  let max = -Infinity;
  let finiteProbe = 0; // x * 0 is 0 for finite x, NaN otherwise
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    finiteProbe += v * 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const header = new DataView(out.buffer, out.byteOffset, Q8_HEADER_BYTES);
  const q = out.subarray(Q8_HEADER_BYTES, Q8_HEADER_BYTES + values.length);
  if (values.length === 0) {
    header.setFloat32(0, 0, true);
    header.setFloat32(4, 0, true);
    return;
  }
  if (finiteProbe !== 0) {
    header.setFloat32(0, NaN, true);
    header.setFloat32(4, NaN, true);
    q.fill(0);
    return;
  }
  // Quantize against the range exactly as the receiver will read it (float32), so decoding is unbiased.
  const minF = Math.fround(min);
  const step = Math.fround((max - min) / LEVELS);
  header.setFloat32(0, minF, true);
  header.setFloat32(4, step, true);
  if (step === 0) {
    q.fill(0);
    return;
  }
  const inverse = 1 / step;
  // Two loops rather than a per-element branch on the rounding mode (this runs on every sent vector).
  if (random === undefined) {
    for (let i = 0; i < values.length; i++) {
      const level = Math.round((values[i]! - minF) * inverse);
      q[i] = level < 0 ? 0 : level > LEVELS ? LEVELS : level;
    }
  } else {
    for (let i = 0; i < values.length; i++) {
      const level = Math.floor((values[i]! - minF) * inverse + random());
      q[i] = level < 0 ? 0 : level > LEVELS ? LEVELS : level;
    }
  }
}

/** Dequantizes a whole q8 payload; rejects a non-finite range (a negative step is harmless: values stay finite). */
export function decodeQ8(payload: Uint8Array): Float32Array | Rejection {
  if (payload.length < Q8_HEADER_BYTES) return reject('bad-length', `q8 payload of ${payload.length} bytes has no range header`);
  const header = new DataView(payload.buffer, payload.byteOffset, Q8_HEADER_BYTES);
  const min = header.getFloat32(0, true);
  const step = header.getFloat32(4, true);
  const top = Math.fround(min + LEVELS * step);
  if (!Number.isFinite(min) || !Number.isFinite(step) || !Number.isFinite(top)) {
    return reject('non-finite', `q8 range min=${min} step=${step} is not finite`);
  }
  const levels = new Float32Array(LEVELS + 1);
  for (let level = 0; level <= LEVELS; level++) levels[level] = min + level * step;
  const q = payload.subarray(Q8_HEADER_BYTES);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = levels[q[i]!]!;
  return out;
}
