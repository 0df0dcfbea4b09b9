/**
 * The bytes of one compressed message on a link (the frame payload). Two shapes:
 *
 * | keyframe | u8 'K' (0x4B), u8 precision (0 = f32, 1 = f64), n values little-endian         |
 * | delta    | u8 'D' (0x44), u8 compressor code, u32 keyframe seq, compressor bytes for n values |
 *
 * A delta carries Q(target − keyframe) and names the keyframe it is relative to, never the previous delta,
 * so a lost delta costs only itself and a lost keyframe costs the deltas until the next keyframe.
 * Decoding validates everything and never throws; it does not hold keyframes (that is the link's state).
 */
import { allFinite, compressionReject, type CompressionRejection, type Values } from './compressor';
import { decoderForCode } from './create';
import { COMPRESSOR_CODES, type CompressorName } from './names';
import { readFloat64s, writeFloat64s } from './raw';

const KEYFRAME_TAG = 0x4b;
const DELTA_TAG = 0x44;
export const KEYFRAME_HEADER_BYTES = 2;
export const DELTA_HEADER_BYTES = 6;

export type KeyframePrecision = 'f32' | 'f64';

export type Envelope =
  | { readonly type: 'keyframe'; readonly values: Float64Array }
  | { readonly type: 'delta'; readonly keyframeSeq: number; readonly delta: Float64Array };

/** A keyframe: `values` at full precision (f32 values are rounded to float32; the result says exactly what was sent). */
export function encodeKeyframe(values: Values, precision: KeyframePrecision): { bytes: Uint8Array; decoded: Float64Array } {
  const width = precision === 'f64' ? 8 : 4;
  const bytes = new Uint8Array(KEYFRAME_HEADER_BYTES + width * values.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, KEYFRAME_TAG);
  view.setUint8(1, precision === 'f64' ? 1 : 0);
  if (precision === 'f64') {
    writeFloat64s(values, view, KEYFRAME_HEADER_BYTES);
    return { bytes, decoded: Float64Array.from(values) };
  }
  const decoded = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    view.setFloat32(KEYFRAME_HEADER_BYTES + 4 * i, values[i]!, true);
    decoded[i] = Math.fround(values[i]!);
  }
  return { bytes, decoded };
}

/** A delta: header plus already-compressed bytes (one copy of the compressed, hence small, payload). */
export function encodeDelta(compressor: CompressorName, keyframeSeq: number, compressed: Uint8Array): Uint8Array {
  if (!(Number.isInteger(keyframeSeq) && keyframeSeq >= 0 && keyframeSeq <= 0xffff_ffff)) throw new RangeError(`keyframe seq ${keyframeSeq} is not a u32`);
  const bytes = new Uint8Array(DELTA_HEADER_BYTES + compressed.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, DELTA_TAG);
  view.setUint8(1, COMPRESSOR_CODES[compressor]);
  view.setUint32(2, keyframeSeq, true);
  bytes.set(compressed, DELTA_HEADER_BYTES);
  return bytes;
}

export function decodeEnvelope(bytes: Uint8Array, length: number): Envelope | CompressionRejection {
  if (bytes.length < KEYFRAME_HEADER_BYTES) return compressionReject('bad-length', `${bytes.length} bytes hold no envelope header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const tag = view.getUint8(0);
  if (tag === KEYFRAME_TAG) return decodeKeyframe(bytes, view, length);
  if (tag !== DELTA_TAG) return compressionReject('bad-header', `envelope tag 0x${tag.toString(16)} is neither keyframe nor delta`);
  if (bytes.length < DELTA_HEADER_BYTES) return compressionReject('bad-length', `${bytes.length} bytes hold no delta header`);
  const code = view.getUint8(1);
  const decode = decoderForCode(code);
  if (decode === undefined) return compressionReject('unknown-codec', `compressor code ${code}`);
  const delta = decode(bytes.subarray(DELTA_HEADER_BYTES), length);
  if (!(delta instanceof Float64Array)) return delta;
  return { type: 'delta', keyframeSeq: view.getUint32(2, true), delta };
}

function decodeKeyframe(bytes: Uint8Array, view: DataView, length: number): Envelope | CompressionRejection {
  const precision = view.getUint8(1);
  if (precision > 1) return compressionReject('bad-header', `keyframe precision code ${precision}`);
  const width = precision === 1 ? 8 : 4;
  if (bytes.length !== KEYFRAME_HEADER_BYTES + width * length) {
    return compressionReject('bad-length', `${bytes.length} bytes for a keyframe of ${length} ${precision === 1 ? 'f64' : 'f32'} values`);
  }
  let values: Float64Array;
  if (precision === 1) values = readFloat64s(bytes, KEYFRAME_HEADER_BYTES, length);
  else {
    values = new Float64Array(length);
    for (let i = 0; i < length; i++) values[i] = view.getFloat32(KEYFRAME_HEADER_BYTES + 4 * i, true);
  }
  return allFinite(values) ? { type: 'keyframe', values } : compressionReject('non-finite', 'a keyframe value is NaN or ±Inf');
}

/** Whether `bytes` claim to be a keyframe (one byte peeked; decodeEnvelope still validates everything). */
export function isKeyframeBytes(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === KEYFRAME_TAG;
}

export function isEnvelope(value: Envelope | CompressionRejection): value is Envelope {
  return 'type' in value;
}
