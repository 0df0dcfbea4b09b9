/**
 * Sender side without copying the payload. A data channel takes one contiguous buffer per frame, header
 * first, so framing normally copies every chunk behind a header. Here each chunk that starts at least 32
 * bytes into the payload is sent as a view of the payload itself: its header is written over the 32 bytes
 * before it (the end of the previous chunk, already sent), and those bytes are put back right after the
 * send. Only the first chunk (and, with chunks under 32 bytes, the first few) is copied.
 *
 * Contract: `send` must copy the frame before returning (RTCDataChannel.send does; so do the project's
 * in-memory channels); a frame is valid only during the call. The payload is unchanged when this returns,
 * also when `send` throws. A payload in shared memory is always copied (another thread could read it).
 */
import { chunkBytesOf, planFrames, writeChunkHeader, type FrameOptions, type FramePlan } from './encode';
import type { MessageHeader, VectorMessageHeader } from './header';
import { FRAME_HEADER_BYTES } from './layout';
import { encodeVector, type EncodeVectorOptions, type Vector } from './payload';

/** Takes one frame and copies it before returning (RTCDataChannel.send). */
export type FrameSink = (frame: Uint8Array) => void;

const isShared = (buffer: ArrayBufferLike): boolean => typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;

/** Sends chunk `index` through a fresh buffer (header + copy of its bytes). */
function sendCopied(plan: FramePlan, payload: Uint8Array, index: number, send: FrameSink): number {
  const start = index * plan.stride;
  const chunkBytes = chunkBytesOf(plan, index, payload.length);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + chunkBytes);
  writeChunkHeader(new DataView(frame.buffer), 0, plan, index, payload.length);
  frame.set(payload.subarray(start, start + chunkBytes), FRAME_HEADER_BYTES);
  send(frame);
  return frame.length;
}

/**
 * Hands the frames of `plan` to `send` in order, each chunk after the first as a view of `payload` (see
 * the file comment). Returns the bytes sent; a throwing `send` stops it (the payload is restored first).
 */
export function sendFrames(plan: FramePlan, payload: Uint8Array, send: FrameSink): number {
  const inPlace = !isShared(payload.buffer);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const saved = new Uint8Array(FRAME_HEADER_BYTES);
  let bytes = 0;
  for (let index = 0; index < plan.chunkCount; index++) {
    const start = index * plan.stride;
    if (!inPlace || start < FRAME_HEADER_BYTES) {
      bytes += sendCopied(plan, payload, index, send);
      continue;
    }
    const headerAt = start - FRAME_HEADER_BYTES;
    saved.set(payload.subarray(headerAt, start));
    try {
      const chunkBytes = writeChunkHeader(view, headerAt, plan, index, payload.length);
      send(payload.subarray(headerAt, start + chunkBytes));
      bytes += FRAME_HEADER_BYTES + chunkBytes;
    } finally {
      payload.set(saved, headerAt);
    }
  }
  return bytes;
}

/** Frames an already-encoded payload (a compression envelope) without copying it; see sendFrames. */
export function sendEncodedMessage(header: MessageHeader, payload: Uint8Array, options: FrameOptions, send: FrameSink): number {
  return sendFrames(planFrames(header, payload.length, options), payload, send);
}

/**
 * Encodes `values` in `header.dtype` and sends its frames; for f32 from a Float32Array (f64 from a
 * Float64Array) nothing but the first chunk is copied. See sendFrames.
 */
export function sendMessage(header: VectorMessageHeader, values: Vector, options: FrameOptions & EncodeVectorOptions, send: FrameSink): number {
  return sendEncodedMessage(header, encodeVector(values, header.dtype, options), options, send);
}
