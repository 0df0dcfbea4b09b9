/**
 * Data-plane frame layout (version 2; version 1 had a reserved zero where the echo is). All multi-byte fields are little-endian.
 *
 * | offset | size | field            | notes                                                        |
 * |-------:|-----:|------------------|--------------------------------------------------------------|
 * |      0 |    2 | magic            | 0x43 0x4E ("CN")                                             |
 * |      2 |    1 | version          | FRAME_VERSION (2)                                            |
 * |      3 |    1 | kind             | MESSAGE_KINDS code                                           |
 * |      4 |    1 | dtype            | DTYPE_CODES code: f32 0, f64 1, f16 2, q8 3                  |
 * |      5 |    1 | flags            | opaque to the codec, carried to the receiver                 |
 * |      6 |    4 | epoch            | topology epoch (u32)                                         |
 * |     10 |    4 | seq              | sender sequence number (u32)                                 |
 * |     14 |    4 | message id       | groups the chunks of one message (u32)                       |
 * |     18 |    2 | chunk index      | 0 .. count-1                                                 |
 * |     20 |    2 | chunk count      | ≥ 1                                                          |
 * |     22 |    4 | total bytes      | payload bytes of the whole message                           |
 * |     26 |    4 | chunk bytes      | payload bytes in this frame (= frame length − 32)            |
 * |     30 |    2 | echo             | (1 + newest seq the sender accepted from the receiver) mod   |
 * |        |      |                  | 2^16, 0 = none: opaque to the codec (round-trip ages)        |
 * |     32 |    … | payload          | this chunk's slice of the message payload                    |
 *
 * Chunking: every chunk except the last carries the same number of bytes S, the last carries
 * 1..S bytes (a zero-length message is one chunk of 0 bytes). A chunk's payload therefore starts at
 * index × S in the message payload, and S is derivable from any single chunk.
 *
 * Message payload by dtype (n elements):
 * | dtype | bytes    | content                                                                    |
 * |-------|----------|----------------------------------------------------------------------------|
 * | f32   | 4n       | IEEE binary32                                                              |
 * | f64   | 8n       | IEEE binary64                                                              |
 * | f16   | 2n       | IEEE binary16 (decoded to Float32Array)                                    |
 * | q8    | 8 + n    | f32 min, f32 step, then n × u8 q; value = min + q × step (to Float32Array)  |
 * | bytes | n        | opaque bytes (a compression envelope): delivered as a Uint8Array, unchecked;  |
 * |       |          | whoever decodes them validates them (R-FAST's link decoder does)            |
 */

export const FRAME_MAGIC = 0x4e43; // bytes 0x43 0x4E read as little-endian u16
export const FRAME_VERSION = 2;
export const FRAME_HEADER_BYTES = 32;

export const HEADER_OFFSET = {
  magic: 0,
  version: 2,
  kind: 3,
  dtype: 4,
  flags: 5,
  epoch: 6,
  seq: 10,
  messageId: 14,
  chunkIndex: 18,
  chunkCount: 20,
  totalBytes: 22,
  chunkBytes: 26,
  echo: 30,
} as const;

export const DTYPE_CODES = { f32: 0, f64: 1, f16: 2, q8: 3, bytes: 4 } as const;
export type Dtype = keyof typeof DTYPE_CODES;
/** The dtypes that carry a numeric vector (everything but opaque bytes). */
export type VectorDtype = Exclude<Dtype, 'bytes'>;
export const VECTOR_DTYPES: readonly VectorDtype[] = ['f32', 'f64', 'f16', 'q8'];
export const DTYPES = Object.keys(DTYPE_CODES) as readonly Dtype[];

export const DTYPE_BY_CODE: ReadonlyMap<number, Dtype> = new Map(
  (Object.entries(DTYPE_CODES) as [Dtype, number][]).map(([dtype, code]) => [code, dtype]),
);

/** Bytes per element on the wire. */
export const DTYPE_ELEMENT_BYTES: Readonly<Record<Dtype, number>> = { f32: 4, f64: 8, f16: 2, q8: 1, bytes: 1 };

/** q8 payloads start with f32 min and f32 step. */
export const Q8_HEADER_BYTES = 8;

/** Default chunk frame size (header included); Chromium↔Chromium accepts up to 256 KiB. */
export const DEFAULT_MAX_CHUNK_BYTES = 64 * 1024;
/** Chunk frame size that every browser's data channel accepts. */
export const CROSS_BROWSER_MAX_CHUNK_BYTES = 16 * 1024;
/** Default cap on one message's payload: a hostile length field cannot ask for more. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const U32_MAX = 0xffff_ffff;
export const U16_MAX = 0xffff;

/** Number of payload bytes a message of `elements` values takes in `dtype`. */
export function payloadBytesFor(dtype: Dtype, elements: number): number {
  return (dtype === 'q8' ? Q8_HEADER_BYTES : 0) + elements * DTYPE_ELEMENT_BYTES[dtype];
}

/** Whether `totalBytes` is a possible payload length for `dtype`. */
export function isValidPayloadLength(dtype: Dtype, totalBytes: number): boolean {
  return dtype === 'q8' ? totalBytes >= Q8_HEADER_BYTES : totalBytes % DTYPE_ELEMENT_BYTES[dtype] === 0;
}
