import { describe, expect, it } from 'vitest';
import { MESSAGE_KINDS } from '../kinds';
import { decodeFrame, type Frame } from './decode';
import { encodeFrames, encodeMessage } from './encode';
import { CROSS_BROWSER_MAX_CHUNK_BYTES, FRAME_HEADER_BYTES } from './layout';
import { Reassembler } from './reassembler';
import { sampleVector } from './test-support';

const header = { kind: 'tracker', epoch: 0x01020304, seq: 0xfffffffe, dtype: 'f32', flags: 0xa5, echo: 0x1234 } as const;

function decodeOk(bytes: Uint8Array): Frame {
  const result = decodeFrame(bytes);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.frame;
}

describe('encodeMessage', () => {
  it('writes the documented byte table (little-endian)', () => {
    const [frame] = encodeMessage(header, Float32Array.from([1.5]), { messageId: 0x0a0b0c0d });
    expect(Array.from(frame!)).toEqual([
      0x43, 0x4e, 2, MESSAGE_KINDS.tracker, 0, 0xa5, // magic "CN", version, kind, dtype f32, flags
      0x04, 0x03, 0x02, 0x01, // epoch
      0xfe, 0xff, 0xff, 0xff, // seq
      0x0d, 0x0c, 0x0b, 0x0a, // message id
      0, 0, 1, 0, // chunk index 0, chunk count 1
      4, 0, 0, 0, 4, 0, 0, 0, // total bytes 4, chunk bytes 4
      0x34, 0x12, // echo
      0x00, 0x00, 0xc0, 0x3f, // 1.5f
    ]);
  });

  it('splits into frames no larger than maxChunkBytes, all views of one buffer with 8-aligned payloads', () => {
    const values = sampleVector(10_000, 1);
    const frames = encodeMessage(header, values, { messageId: 9, maxChunkBytes: CROSS_BROWSER_MAX_CHUNK_BYTES });
    expect(frames.length).toBe(Math.ceil(40_000 / (CROSS_BROWSER_MAX_CHUNK_BYTES - FRAME_HEADER_BYTES)));
    for (const [index, bytes] of frames.entries()) {
      expect(bytes.length).toBeLessThanOrEqual(CROSS_BROWSER_MAX_CHUNK_BYTES);
      expect(bytes.buffer).toBe(frames[0]!.buffer);
      expect((bytes.byteOffset + FRAME_HEADER_BYTES) % 8).toBe(0);
      const frame = decodeOk(bytes);
      expect(frame).toMatchObject({ ...header, messageId: 9, chunkIndex: index, chunkCount: frames.length, totalBytes: 40_000 });
    }
  });

  it('carries every header field through decodeFrame, for every kind and dtype', () => {
    for (const kind of Object.keys(MESSAGE_KINDS) as (keyof typeof MESSAGE_KINDS)[]) {
      for (const dtype of ['f32', 'f64', 'f16', 'q8'] as const) {
        const [bytes] = encodeMessage({ kind, dtype, epoch: 7, seq: 123 }, Float32Array.from([1, 2]), { messageId: 5 });
        expect(decodeOk(bytes!)).toMatchObject({ kind, dtype, epoch: 7, seq: 123, flags: 0, messageId: 5 });
      }
    }
  });

  it('encodes an empty vector as one frame with an empty payload', () => {
    const frames = encodeMessage({ ...header, dtype: 'f64' }, new Float64Array(0), { messageId: 1 });
    expect(frames.length).toBe(1);
    expect(decodeOk(frames[0]!)).toMatchObject({ totalBytes: 0, chunkBytes: 0, chunkCount: 1 });
  });

  it('refuses out-of-range header fields with a RangeError (sender bugs, not wire input)', () => {
    const payload = new Uint8Array(4);
    const bad = [
      () => encodeFrames({ ...header, epoch: -1 }, payload, { messageId: 1 }),
      () => encodeFrames({ ...header, seq: 2 ** 32 }, payload, { messageId: 1 }),
      () => encodeFrames({ ...header, flags: 256 }, payload, { messageId: 1 }),
      () => encodeFrames({ ...header, echo: 0x10000 }, payload, { messageId: 1 }),
      () => encodeFrames({ ...header, echo: -1 }, payload, { messageId: 1 }),
      () => encodeFrames(header, payload, { messageId: 1.5 }),
      () => encodeFrames({ ...header, kind: 'nope' as 'model' }, payload, { messageId: 1 }),
      () => encodeFrames({ ...header, dtype: 'bf16' as 'f32' }, payload, { messageId: 1 }),
      () => encodeFrames(header, payload, { messageId: 1, maxChunkBytes: 16 }),
    ];
    for (const call of bad) expect(call).toThrow(RangeError);
  });
});

describe('echo', () => {
  it('goes through every chunk and comes back with the message; 0 when the sender gives none', () => {
    const values = sampleVector(10_000, 2);
    const reassembler = new Reassembler();
    let echoed: number | undefined;
    for (const frame of encodeMessage(header, values, { messageId: 4, maxChunkBytes: CROSS_BROWSER_MAX_CHUNK_BYTES })) {
      expect(decodeOk(frame).echo).toBe(0x1234);
      const result = reassembler.push(frame, 0);
      if (result.status === 'complete') echoed = result.message.echo;
    }
    expect(echoed).toBe(0x1234);
    const { echo: _, ...withoutEcho } = header;
    expect(decodeOk(encodeMessage(withoutEcho, values.subarray(0, 4), { messageId: 5 })[0]!).echo).toBe(0);
  });
});

describe('decodeFrame rejections', () => {
  const [valid] = encodeMessage(header, Float32Array.from([1, 2, 3]), { messageId: 3 });
  const mutated = (edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
    const copy = valid!.slice();
    edit(copy, new DataView(copy.buffer));
    return copy;
  };

  it.each([
    ['not-binary', 'a string'],
    ['not-binary', { length: 40 }],
    ['not-binary', null],
    ['too-short', new Uint8Array(31)],
    ['bad-magic', mutated((b) => (b[0] = 0x44))],
    ['bad-version', mutated((b) => (b[2] = 1))], // version 1 had no echo
    ['bad-version', mutated((b) => (b[2] = 3))],
    ['unknown-kind', mutated((b) => (b[3] = 200))],
    ['unknown-dtype', mutated((b) => (b[4] = 5))],
    ['bad-length', valid!.subarray(0, valid!.length - 1)],
    ['bad-length', (() => { const longer = new Uint8Array(valid!.length + 4); longer.set(valid!); return longer; })()],
    ['bad-length', mutated((_, v) => v.setUint32(22, 13, true))], // 13 bytes is not whole f32 values
    ['too-large', mutated((_, v) => v.setUint32(22, 0xfffffff0, true))],
    ['bad-chunk', mutated((_, v) => v.setUint16(20, 0, true))], // zero chunks
    ['bad-chunk', mutated((_, v) => v.setUint16(18, 1, true))], // index ≥ count
    ['bad-chunk', mutated((_, v) => v.setUint32(22, 400, true))], // single chunk carrying part of the message
  ] as const)('%s', (reason, input) => {
    const result = decodeFrame(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it('accepts an ArrayBuffer, a DataView and an offset Uint8Array view of the same bytes', () => {
    const exact = valid!.slice();
    expect(decodeFrame(exact.buffer).ok).toBe(true);
    expect(decodeFrame(new DataView(exact.buffer)).ok).toBe(true);
    const padded = new Uint8Array(valid!.length + 5);
    padded.set(valid!, 5);
    expect(decodeFrame(new Uint8Array(padded.buffer, 5)).ok).toBe(true);
  });

  it('honours a lower maxMessageBytes', () => {
    expect(decodeFrame(valid, { maxMessageBytes: 11 })).toMatchObject({ ok: false, reason: 'too-large' });
    expect(decodeFrame(valid, { maxMessageBytes: 12 }).ok).toBe(true);
  });
});
