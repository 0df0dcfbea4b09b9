/**
 * One incomplete message inside a Reassembler: chunks are copied into one payload buffer as they arrive.
 * f32/f64 chunks are checked finite right after their copy (./checked-copy: SIMD in place or staged, or
 * the JavaScript loop), so a completed message needs no second pass over its payload.
 */
import { checkedCopyFor, type CheckedCopy, type CheckedCopyPath, type FiniteScanMode } from './checked-copy';
import type { Frame } from './decode';
import type { MessageShape } from './message-shape';
import { HOST_IS_LITTLE_ENDIAN } from './endian';
import { decodePayload, nonFiniteRejection, type Vector } from './payload';
import { heldBytes } from './payload-pool';
import type { Rejection } from './reasons';
import type { WasmPayloadMemories } from './simd/wasm-payloads';

export interface PartialMessage {
  /** The fields its first chunk carried: every later chunk must agree. */
  readonly shape: MessageShape;
  /** The whole message payload, filled in as chunks arrive (its previous content is irrelevant). */
  readonly payload: Uint8Array;
  /** One flag per chunk: 1 once received. */
  readonly received: Uint8Array;
  /** Bytes this message holds (its payload buffer's memory plus the flags), counted against the cap. */
  readonly footprint: number;
  readonly firstSeenAt: number;
  receivedCount: number;
  /** A view of `payload` whose chunks are checked as they land; undefined when checked at the end. */
  readonly checked: Vector | undefined;
  /** Copies a chunk in and checks it (set when `checked` is). */
  readonly copy: CheckedCopy | undefined;
  /** How chunks are copied and checked: none when the whole payload is checked at the end. */
  readonly path: CheckedCopyPath | 'at-end';
  /** Whether a checked chunk held a NaN or ±Inf. */
  nonFinite: boolean;
}

/** How a Reassembler checks chunks: its scan mode and the memories its WebAssembly-backed buffers come from. */
export interface ChunkChecking {
  readonly mode: FiniteScanMode;
  readonly memories: WasmPayloadMemories | undefined;
}

/**
 * Chunks are checked as they land only when each covers whole elements (our encoder's strides are
 * multiples of 8; a sender with another stride gets the whole-payload check) and the host reads the
 * wire's little-endian order natively.
 */
export function checksChunks(frame: Frame): boolean {
  if (!HOST_IS_LITTLE_ENDIAN) return false;
  return (frame.dtype === 'f32' && frame.stride % 4 === 0) || (frame.dtype === 'f64' && frame.stride % 8 === 0);
}

function checkedView(frame: Frame, payload: Uint8Array): Vector | undefined {
  if (!checksChunks(frame)) return undefined;
  return frame.dtype === 'f64' ? new Float64Array(payload.buffer, payload.byteOffset, payload.length / 8) : new Float32Array(payload.buffer, payload.byteOffset, payload.length / 4);
}

/** `payload` must be exactly frame.totalBytes long and 8-aligned (a fresh or pooled buffer). */
export function startPartial(frame: Frame, shape: MessageShape, payload: Uint8Array, now: number, checking: ChunkChecking): PartialMessage {
  const checked = checkedView(frame, payload);
  const choice = checked === undefined ? undefined : checkedCopyFor(payload, checked, checking.mode, checking.memories);
  return {
    shape,
    payload,
    received: new Uint8Array(frame.chunkCount),
    footprint: heldBytes(payload) + frame.chunkCount,
    firstSeenAt: now,
    receivedCount: 0,
    checked,
    copy: choice?.copy,
    path: choice?.path ?? 'at-end',
    nonFinite: false,
  };
}

/** Copies one chunk in (and checks it); false when that chunk was already there. */
export function addChunk(partial: PartialMessage, frame: Frame): boolean {
  if (partial.received[frame.chunkIndex] === 1) return false;
  partial.received[frame.chunkIndex] = 1;
  partial.receivedCount++;
  const start = frame.chunkIndex * frame.stride;
  if (partial.copy === undefined) partial.payload.set(frame.payload, start);
  else if (!partial.copy(partial.payload, start, frame.payload)) partial.nonFinite = true;
  return true;
}

/** The decoded payload of a complete message, or why it is refused. */
export function decodePartial(partial: PartialMessage, frame: Frame): Vector | Uint8Array | Rejection {
  const checked = partial.checked;
  if (checked === undefined) return decodePayload(partial.payload, frame.dtype);
  return partial.nonFinite ? nonFiniteRejection(checked, checked instanceof Float64Array ? 'f64' : 'f32') : checked;
}
