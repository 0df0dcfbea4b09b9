/**
 * One incomplete message inside a Reassembler: chunks are copied into one payload buffer as they arrive.
 * f32/f64 chunks are checked finite right after their copy (one call per chunk: steadier than one call
 * over a large message, see ./finite), so a completed message needs no second pass over its payload.
 */
import type { Frame } from './decode';
import { HOST_IS_LITTLE_ENDIAN } from './endian';
import { rangeFinite } from './finite';
import { decodePayload, nonFiniteRejection, type Vector } from './payload';
import type { Rejection } from './reasons';

export interface PartialMessage {
  readonly signature: string;
  /** The whole message payload, filled in as chunks arrive (its previous content is irrelevant). */
  readonly payload: Uint8Array;
  /** One flag per chunk: 1 once received. */
  readonly received: Uint8Array;
  readonly firstSeenAt: number;
  receivedCount: number;
  /** A view of `payload` whose chunks are checked as they land; undefined when checked at the end. */
  readonly checked: Vector | undefined;
  /** Whether a checked chunk held a NaN or ±Inf. */
  nonFinite: boolean;
}

/**
 * Chunks are checked as they land only when each covers whole elements (our encoder's strides are
 * multiples of 8; a sender with another stride gets the whole-payload check) and the host reads the
 * wire's little-endian order natively.
 */
function checkedView(frame: Frame, payload: Uint8Array): Vector | undefined {
  if (!HOST_IS_LITTLE_ENDIAN) return undefined;
  if (frame.dtype === 'f32' && frame.stride % 4 === 0) return new Float32Array(payload.buffer, payload.byteOffset, payload.length / 4);
  if (frame.dtype === 'f64' && frame.stride % 8 === 0) return new Float64Array(payload.buffer, payload.byteOffset, payload.length / 8);
  return undefined;
}

/** `payload` must be exactly frame.totalBytes long and 8-aligned (a fresh or pooled buffer). */
export function startPartial(frame: Frame, signature: string, payload: Uint8Array, now: number): PartialMessage {
  return {
    signature,
    payload,
    received: new Uint8Array(frame.chunkCount),
    firstSeenAt: now,
    receivedCount: 0,
    checked: checkedView(frame, payload),
    nonFinite: false,
  };
}

/** Copies one chunk in (and checks it); false when that chunk was already there. */
export function addChunk(partial: PartialMessage, frame: Frame): boolean {
  if (partial.received[frame.chunkIndex] === 1) return false;
  partial.received[frame.chunkIndex] = 1;
  partial.receivedCount++;
  const start = frame.chunkIndex * frame.stride;
  partial.payload.set(frame.payload, start);
  const checked = partial.checked;
  if (checked !== undefined) {
    const width = checked.BYTES_PER_ELEMENT;
    if (!rangeFinite(checked, start / width, (start + frame.payload.length) / width)) partial.nonFinite = true;
  }
  return true;
}

/** The decoded payload of a complete message, or why it is refused. */
export function decodePartial(partial: PartialMessage, frame: Frame): Vector | Uint8Array | Rejection {
  const checked = partial.checked;
  if (checked === undefined) return decodePayload(partial.payload, frame.dtype);
  return partial.nonFinite ? nonFiniteRejection(checked, checked instanceof Float64Array ? 'f64' : 'f32') : checked;
}
