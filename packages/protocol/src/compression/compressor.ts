/**
 * The contract every wire codec implements. encode() returns the bytes AND the vector a receiver will
 * reconstruct from them (computed by the same code, so sender and receiver agree bit for bit: this is what
 * error feedback and R-FAST's exact invariant rely on). decode() never throws: bad bytes give a rejection.
 */
import type { CompressorName } from './names';

export type Values = Float32Array | Float64Array;

export interface Encoded {
  readonly bytes: Uint8Array;
  /** Exactly what decode(bytes, values.length) returns. */
  readonly decoded: Float64Array;
}

export const COMPRESSION_REJECT_REASONS = [
  /** Byte count impossible for the codec, its header and the expected vector length. */
  'bad-length',
  /** A header field out of range (bit width, sketch shape, exponent, envelope tag, ...). */
  'bad-header',
  /** A top-k index out of range, repeated or out of order. */
  'bad-index',
  /** A NaN or ±Inf in the bytes or in the reconstructed vector. */
  'non-finite',
  /** A compressor code this build does not know. */
  'unknown-codec',
] as const;

export type CompressionRejectReason = (typeof COMPRESSION_REJECT_REASONS)[number];

export interface CompressionRejection {
  readonly ok: false;
  readonly reason: CompressionRejectReason;
  /** Human-readable explanation, for logs. */
  readonly detail: string;
}

export function compressionReject(reason: CompressionRejectReason, detail: string): CompressionRejection {
  return { ok: false, reason, detail };
}

export function isCompressionRejection(value: Float64Array | CompressionRejection): value is CompressionRejection {
  return !(value instanceof Float64Array);
}

export interface Compressor {
  readonly name: CompressorName;
  /**
   * Encodes finite `values` (a RangeError otherwise: a sender bug, never wire input). `random` is uniform in
   * [0, 1): stochastic rounding and per-message hash seeds draw from it.
   */
  encode(values: Values, random: () => number): Encoded;
  /**
   * Reconstructs a vector of `length` values. The receiver always knows the model dimension, so a hostile
   * header can never make it allocate more than that.
   */
  decode(bytes: Uint8Array, length: number): Float64Array | CompressionRejection;
}

/** Throws when a sender tries to encode a NaN or ±Inf (its own bug; receivers would refuse it anyway). */
export function requireFinite(values: Values): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) throw new RangeError(`cannot compress a non-finite value (${v} at index ${i})`);
  }
}

/** Whether every element is finite (checked on every reconstructed vector before it is handed out). */
export function allFinite(values: Float64Array): boolean {
  let probe = 0;
  for (let i = 0; i < values.length; i++) probe += values[i]! * 0;
  return probe === 0;
}
