/**
 * The chunking rule: every chunk but the last carries `stride` bytes, the last 1..stride bytes; a message
 * that fits in one frame is one chunk (possibly of 0 bytes). The receiver derives the stride from any chunk.
 */
import { FRAME_HEADER_BYTES, U16_MAX } from './layout';

export interface ChunkPlan {
  /** Payload bytes per chunk (all but the last). */
  readonly stride: number;
  readonly chunkCount: number;
}

/** Smallest allowed frame: the header plus 8 payload bytes. */
export const MIN_CHUNK_BYTES = FRAME_HEADER_BYTES + 8;

/** How the encoder splits `totalBytes` into frames of at most `maxChunkBytes` (header included). */
export function planChunks(totalBytes: number, maxChunkBytes: number): ChunkPlan {
  if (!Number.isInteger(maxChunkBytes) || maxChunkBytes < MIN_CHUNK_BYTES) {
    throw new RangeError(`maxChunkBytes must be an integer ≥ ${MIN_CHUNK_BYTES}, got ${maxChunkBytes}`);
  }
  const room = maxChunkBytes - FRAME_HEADER_BYTES;
  if (totalBytes <= room) return { stride: totalBytes, chunkCount: 1 };
  // A multiple of 8 keeps every chunk's payload 8-aligned inside the encoder's single buffer.
  const stride = room - (room % 8);
  const chunkCount = Math.ceil(totalBytes / stride);
  if (chunkCount > U16_MAX) {
    throw new RangeError(`${totalBytes} bytes need ${chunkCount} chunks of ${stride} bytes; at most ${U16_MAX} allowed`);
  }
  return { stride, chunkCount };
}

/**
 * The stride implied by one chunk's header, or an explanation of why the chunk breaks the rule.
 * The chunk's payload starts at chunkIndex × stride in the message payload.
 */
export function strideOf(totalBytes: number, chunkCount: number, chunkIndex: number, chunkBytes: number): number | string {
  if (chunkCount < 1) return 'chunk count is 0';
  if (chunkIndex >= chunkCount) return `chunk index ${chunkIndex} ≥ chunk count ${chunkCount}`;
  if (chunkCount === 1) {
    return chunkBytes === totalBytes ? totalBytes : `single chunk carries ${chunkBytes} of ${totalBytes} bytes`;
  }
  if (chunkBytes < 1) return `chunk ${chunkIndex} of ${chunkCount} is empty`;
  const isLast = chunkIndex === chunkCount - 1;
  const rest = totalBytes - chunkBytes;
  const stride = isLast ? rest / (chunkCount - 1) : chunkBytes;
  const lastBytes = totalBytes - (chunkCount - 1) * stride;
  if (!Number.isInteger(stride) || lastBytes < 1 || lastBytes > stride) {
    return `chunk ${chunkIndex}/${chunkCount} of ${chunkBytes} bytes cannot tile ${totalBytes} bytes`;
  }
  return stride;
}
