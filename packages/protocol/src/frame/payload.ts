/**
 * Vector ⇄ message payload bytes for each dtype (layout in ./layout). f32/f64 in their own precision are
 * views, never per-element copies; f16 and q8 convert element by element.
 */
import { HOST_IS_LITTLE_ENDIAN, swapBytes } from './endian';
import { allFinite, firstNonFinite } from './finite';
import { decodeHalfInto, encodeHalfInto } from './float16';
import { DTYPE_ELEMENT_BYTES, isValidPayloadLength, payloadBytesFor, type Dtype, type VectorDtype } from './layout';
import { decodeQ8, encodeQ8Into } from './quantize8';
import { reject, type Rejection } from './reasons';

export type Vector = Float32Array | Float64Array;

export interface EncodeVectorOptions {
  /** Uniform [0, 1) source for q8 stochastic rounding; without it q8 rounds to nearest. */
  readonly random?: () => number;
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function toWireOrder(bytes: Uint8Array, width: number): Uint8Array {
  return HOST_IS_LITTLE_ENDIAN ? bytes : swapBytes(bytes, width);
}

/**
 * The payload bytes of `values` in `dtype`. For f32 from a Float32Array (f64 from a Float64Array) this is
 * a view of `values` itself: do not modify `values` until the bytes have been framed.
 */
export function encodeVector(values: Vector, dtype: VectorDtype, options: EncodeVectorOptions = {}): Uint8Array {
  switch (dtype) {
    case 'f32':
      return toWireOrder(bytesOf(values instanceof Float32Array ? values : new Float32Array(values)), 4);
    case 'f64':
      return toWireOrder(bytesOf(values instanceof Float64Array ? values : new Float64Array(values)), 8);
    case 'f16': {
      const bits = new Uint16Array(values.length);
      encodeHalfInto(values, bits);
      return toWireOrder(bytesOf(bits), 2);
    }
    case 'q8': {
      const out = new Uint8Array(payloadBytesFor('q8', values.length));
      encodeQ8Into(values, out, options.random);
      return out;
    }
    default:
      // Opaque 'bytes' are framed with encodeFrames, not encoded from a vector.
      throw new RangeError(`encodeVector: ${String(dtype)} is not a vector dtype`);
  }
}

/**
 * A typed-array view of `payload` when its offset is aligned for `width`, else a view of an aligned copy
 * (one copy). Big-endian hosts always get a byte-swapped copy.
 */
function alignedBuffer(payload: Uint8Array, width: number): { buffer: ArrayBufferLike; byteOffset: number } {
  if (!HOST_IS_LITTLE_ENDIAN) return { buffer: swapBytes(payload, width).buffer, byteOffset: 0 };
  if (payload.byteOffset % width === 0) return { buffer: payload.buffer, byteOffset: payload.byteOffset };
  return { buffer: payload.slice().buffer, byteOffset: 0 };
}

/**
 * Decodes a whole message payload of any dtype: opaque 'bytes' come back as they are (unchecked: their
 * decoder validates them), vectors as decodeVector returns them.
 */
export function decodePayload(payload: Uint8Array, dtype: Dtype): Vector | Uint8Array | Rejection {
  return dtype === 'bytes' ? payload : decodeVector(payload, dtype);
}

/**
 * Decodes a whole message payload. f32 → Float32Array and f64 → Float64Array are zero-copy views of
 * `payload` when aligned; f16 and q8 decode to a new Float32Array. Rejects bad lengths and non-finite values.
 */
export function decodeVector(payload: Uint8Array, dtype: VectorDtype): Vector | Rejection {
  if (!isValidPayloadLength(dtype, payload.length)) {
    return reject('bad-length', `${payload.length} payload bytes do not hold a whole number of ${dtype} values`);
  }
  const decoded = decodeUnchecked(payload, dtype);
  if (!(decoded instanceof Float32Array || decoded instanceof Float64Array)) return decoded;
  return allFinite(decoded) ? decoded : nonFiniteRejection(decoded, dtype);
}

/** Why `values` (known to hold a NaN or ±Inf) was refused. */
export function nonFiniteRejection(values: Vector, dtype: VectorDtype): Rejection {
  const index = firstNonFinite(values);
  return reject('non-finite', `${dtype} element ${index} of ${values.length} is ${values[index]}`);
}

function decodeUnchecked(payload: Uint8Array, dtype: VectorDtype): Vector | Rejection {
  const width = DTYPE_ELEMENT_BYTES[dtype];
  const length = payload.length / width;
  switch (dtype) {
    case 'f32': {
      const { buffer, byteOffset } = alignedBuffer(payload, width);
      return new Float32Array(buffer, byteOffset, length);
    }
    case 'f64': {
      const { buffer, byteOffset } = alignedBuffer(payload, width);
      return new Float64Array(buffer, byteOffset, length);
    }
    case 'f16': {
      const { buffer, byteOffset } = alignedBuffer(payload, width);
      const out = new Float32Array(length);
      decodeHalfInto(new Uint16Array(buffer, byteOffset, length), out);
      return out;
    }
    case 'q8':
      return decodeQ8(payload);
  }
}
