import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode';
import { encodeMessage } from './encode';
import { FrameEncoder } from './frame-encoder';
import { Reassembler } from './reassembler';
import { sameElements, sampleVector, seededRandom } from './test-support';

const header = { kind: 'model', epoch: 1, seq: 2, dtype: 'f32' } as const;

/** Copies each frame, as RTCDataChannel.send does. */
function collect(encoder: FrameEncoder, values: Float32Array | Float64Array, h: Parameters<FrameEncoder['send']>[0] = header): Uint8Array[] {
  const frames: Uint8Array[] = [];
  encoder.send(h, values, (frame) => frames.push(frame.slice()));
  return frames;
}

describe('FrameEncoder', () => {
  it('sends the same bytes as encodeMessage, numbering messages from firstMessageId', () => {
    const values = sampleVector(5000, 1);
    const encoder = new FrameEncoder({ maxChunkBytes: 2048, firstMessageId: 40 });
    for (const messageId of [40, 41, 42]) {
      const frames = collect(encoder, values);
      const expected = encodeMessage(header, values, { messageId, maxChunkBytes: 2048 });
      expect(frames.length).toBe(expected.length);
      expect(frames.every((frame, i) => sameElements(frame, expected[i]!))).toBe(true);
    }
    expect(encoder.nextMessageId).toBe(43);
  });

  it('numbers a message even when its sink throws, so a retry never reuses an id', () => {
    const encoder = new FrameEncoder({ firstMessageId: 7 });
    expect(() => encoder.send(header, new Float32Array(4), () => { throw new Error('closed'); })).toThrow('closed');
    expect(encoder.nextMessageId).toBe(8);
  });

  it('frames decode through a Reassembler for every size, f64 and q8 included', () => {
    const encoder = new FrameEncoder({ maxChunkBytes: 4096, random: seededRandom(1) });
    const reassembler = new Reassembler();
    for (const [length, dtype] of [[10, 'f64'], [100_000, 'f64'], [50, 'f32'], [30_000, 'q8']] as const) {
      const values = sampleVector(length, length);
      const results = collect(encoder, values, { ...header, dtype }).map((bytes) => reassembler.push(bytes, 0));
      const last = results.at(-1);
      expect(last?.status).toBe('complete');
      if (last?.status !== 'complete' || last.message.dtype === 'bytes') throw new Error('not delivered');
      const tolerance = dtype === 'q8' ? 0.1 : 0;
      expect(last.message.payload.every((x, i) => Math.abs(x - values[i]!) <= tolerance)).toBe(true);
    }
  });

  it('wraps the message id after 2^32 − 1', () => {
    const encoder = new FrameEncoder({ firstMessageId: 0xffff_ffff });
    const [frame] = collect(encoder, new Float32Array(1));
    const decoded = decodeFrame(frame);
    expect(decoded.ok && decoded.frame.messageId).toBe(0xffff_ffff);
    expect(encoder.nextMessageId).toBe(0);
  });
});
