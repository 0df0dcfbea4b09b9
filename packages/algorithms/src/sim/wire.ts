/** Bytes a payload takes on the wire, framed and chunked as packages/protocol does it. */
import { CROSS_BROWSER_MAX_CHUNK_BYTES, FRAME_HEADER_BYTES } from '@canopy/protocol';

const CHUNK_ROOM = CROSS_BROWSER_MAX_CHUNK_BYTES - FRAME_HEADER_BYTES;

export function chunkCount(payloadBytes: number): number {
  return Math.max(1, Math.ceil(payloadBytes / CHUNK_ROOM));
}

export function wireBytes(payloadBytes: number): number {
  return payloadBytes + chunkCount(payloadBytes) * FRAME_HEADER_BYTES;
}
