/** Receiver side, one frame: checks every header field and length; never throws. */
import { MESSAGE_KIND_BY_CODE } from '../kinds';
import { strideOf } from './chunking';
import { readRawHeader, type FrameHeader } from './header';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DTYPE_BY_CODE,
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FRAME_VERSION,
  isValidPayloadLength,
} from './layout';
import { reject, type Rejection } from './reasons';

export interface Frame extends FrameHeader {
  /** This chunk's payload: a view into the input bytes. */
  readonly payload: Uint8Array;
  /** Payload bytes carried by every chunk but the last; this chunk starts at chunkIndex × stride. */
  readonly stride: number;
}

export type DecodeResult = { readonly ok: true; readonly frame: Frame } | Rejection;

export interface DecodeOptions {
  /** Largest acceptable message payload (default 64 MiB): a hostile length field cannot ask for more. */
  readonly maxMessageBytes?: number;
}

/** A byte view of whatever arrived, or undefined if it is not binary. */
function asBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return undefined;
}

/** Decodes one frame (Uint8Array, any ArrayBufferView or ArrayBuffer). The payload is not copied. */
export function decodeFrame(input: unknown, options: DecodeOptions = {}): DecodeResult {
  try {
    const bytes = asBytes(input);
    if (bytes === undefined) return reject('not-binary', `expected binary data, got ${typeof input}`);
    return decodeBytes(bytes, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  } catch (error) {
    // Only exotic inputs (proxies, detached buffers) get here; the boundary must not throw.
    return reject('not-binary', `unreadable input: ${String(error)}`);
  }
}

function decodeBytes(bytes: Uint8Array, maxMessageBytes: number): DecodeResult {
  if (bytes.length < FRAME_HEADER_BYTES) return reject('too-short', `${bytes.length} bytes, header needs ${FRAME_HEADER_BYTES}`);
  const raw = readRawHeader(new DataView(bytes.buffer, bytes.byteOffset, FRAME_HEADER_BYTES), 0);
  if (raw.magic !== FRAME_MAGIC) return reject('bad-magic', `magic 0x${raw.magic.toString(16)}`);
  if (raw.version !== FRAME_VERSION) return reject('bad-version', `version ${raw.version}, expected ${FRAME_VERSION}`);
  const kind = MESSAGE_KIND_BY_CODE.get(raw.kindCode);
  if (kind === undefined) return reject('unknown-kind', `kind code ${raw.kindCode}`);
  const dtype = DTYPE_BY_CODE.get(raw.dtypeCode);
  if (dtype === undefined) return reject('unknown-dtype', `dtype code ${raw.dtypeCode}`);
  if (raw.chunkBytes !== bytes.length - FRAME_HEADER_BYTES) {
    return reject('bad-length', `header says ${raw.chunkBytes} payload bytes, frame has ${bytes.length - FRAME_HEADER_BYTES}`);
  }
  if (raw.totalBytes > maxMessageBytes) return reject('too-large', `message of ${raw.totalBytes} bytes exceeds ${maxMessageBytes}`);
  if (!isValidPayloadLength(dtype, raw.totalBytes)) {
    return reject('bad-length', `${raw.totalBytes} bytes is not a valid ${dtype} payload length`);
  }
  const stride = strideOf(raw.totalBytes, raw.chunkCount, raw.chunkIndex, raw.chunkBytes);
  if (typeof stride === 'string') return reject('bad-chunk', stride);
  return {
    ok: true,
    frame: {
      kind,
      dtype,
      flags: raw.flags,
      echo: raw.echo,
      epoch: raw.epoch,
      seq: raw.seq,
      messageId: raw.messageId,
      chunkIndex: raw.chunkIndex,
      chunkCount: raw.chunkCount,
      totalBytes: raw.totalBytes,
      chunkBytes: raw.chunkBytes,
      payload: bytes.subarray(FRAME_HEADER_BYTES),
      stride,
    },
  };
}
