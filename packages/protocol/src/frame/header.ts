/** Reading and writing the 32-byte frame header (layout in ./layout). */
import { MESSAGE_KINDS, type MessageKind } from '../kinds';
import { DTYPE_CODES, FRAME_MAGIC, FRAME_VERSION, HEADER_OFFSET as AT, type Dtype, type VectorDtype } from './layout';

/** What the sender chooses for a message. */
export interface MessageHeader {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  readonly dtype: Dtype;
  /** Opaque to the codec (0..255), delivered with the message. Default 0. */
  readonly flags?: number;
  /** Opaque to the codec (0..65535), delivered with the message: the sender's echo (layout.ts). Default 0. */
  readonly echo?: number;
}

/** A header for a numeric vector (encodeMessage, FrameEncoder); opaque bytes go through encodeFrames. */
export interface VectorMessageHeader extends MessageHeader {
  readonly dtype: VectorDtype;
}

/** Everything in one frame's header, as decoded. */
export interface FrameHeader extends Required<MessageHeader> {
  readonly messageId: number;
  readonly chunkIndex: number;
  readonly chunkCount: number;
  /** Payload bytes of the whole message. */
  readonly totalBytes: number;
  /** Payload bytes in this frame. */
  readonly chunkBytes: number;
}

/** Raw numeric header fields, before the codes are checked. */
export interface RawHeader {
  readonly magic: number;
  readonly version: number;
  readonly kindCode: number;
  readonly dtypeCode: number;
  readonly flags: number;
  readonly epoch: number;
  readonly seq: number;
  readonly messageId: number;
  readonly chunkIndex: number;
  readonly chunkCount: number;
  readonly totalBytes: number;
  readonly chunkBytes: number;
  readonly echo: number;
}

/** Caller guarantees 32 readable bytes at `offset`. */
export function readRawHeader(view: DataView, offset: number): RawHeader {
  return {
    magic: view.getUint16(offset + AT.magic, true),
    version: view.getUint8(offset + AT.version),
    kindCode: view.getUint8(offset + AT.kind),
    dtypeCode: view.getUint8(offset + AT.dtype),
    flags: view.getUint8(offset + AT.flags),
    epoch: view.getUint32(offset + AT.epoch, true),
    seq: view.getUint32(offset + AT.seq, true),
    messageId: view.getUint32(offset + AT.messageId, true),
    chunkIndex: view.getUint16(offset + AT.chunkIndex, true),
    chunkCount: view.getUint16(offset + AT.chunkCount, true),
    totalBytes: view.getUint32(offset + AT.totalBytes, true),
    chunkBytes: view.getUint32(offset + AT.chunkBytes, true),
    echo: view.getUint16(offset + AT.echo, true),
  };
}

/** Caller guarantees 32 writable bytes at `offset` and field values already range-checked. */
export function writeHeader(view: DataView, offset: number, header: FrameHeader): void {
  view.setUint16(offset + AT.magic, FRAME_MAGIC, true);
  view.setUint8(offset + AT.version, FRAME_VERSION);
  view.setUint8(offset + AT.kind, MESSAGE_KINDS[header.kind]);
  view.setUint8(offset + AT.dtype, DTYPE_CODES[header.dtype]);
  view.setUint8(offset + AT.flags, header.flags);
  view.setUint32(offset + AT.epoch, header.epoch, true);
  view.setUint32(offset + AT.seq, header.seq, true);
  view.setUint32(offset + AT.messageId, header.messageId, true);
  view.setUint16(offset + AT.chunkIndex, header.chunkIndex, true);
  view.setUint16(offset + AT.chunkCount, header.chunkCount, true);
  view.setUint32(offset + AT.totalBytes, header.totalBytes, true);
  view.setUint32(offset + AT.chunkBytes, header.chunkBytes, true);
  view.setUint16(offset + AT.echo, header.echo, true);
}
