import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode';
import { encodeMessage } from './encode';
import { FrameEncoder } from './frame-encoder';
import { Reassembler } from './reassembler';
import { sameElements, sampleVector, seededRandom } from './test-support';

const header = { kind: 'model', epoch: 1, seq: 2, dtype: 'f32' } as const;

describe('FrameEncoder', () => {
  it('produces the same bytes as encodeMessage, numbering messages from firstMessageId', () => {
    const values = sampleVector(5000, 1);
    const encoder = new FrameEncoder({ maxChunkBytes: 2048, firstMessageId: 40 });
    for (const messageId of [40, 41, 42]) {
      const frames = encoder.encode(header, values);
      const expected = encodeMessage(header, values, { messageId, maxChunkBytes: 2048 });
      expect(frames.length).toBe(expected.length);
      expect(frames.every((frame, i) => sameElements(frame, expected[i]!))).toBe(true);
    }
    expect(encoder.nextMessageId).toBe(43);
  });

  it('reuses its buffer: earlier frames are overwritten by the next encode', () => {
    const encoder = new FrameEncoder({ maxChunkBytes: 2048 });
    const first = encoder.encode(header, sampleVector(1000, 1));
    const second = encoder.encode({ ...header, seq: 3 }, sampleVector(1000, 2));
    expect(second[0]!.buffer).toBe(first[0]!.buffer);
    const reread = decodeFrame(first[0]);
    expect(reread.ok && reread.frame.seq).toBe(3);
  });

  it('grows the buffer for a larger message, and frames decode through a Reassembler', () => {
    const encoder = new FrameEncoder({ maxChunkBytes: 4096, random: seededRandom(1) });
    const reassembler = new Reassembler();
    for (const length of [10, 100_000, 50]) {
      const values = sampleVector(length, length);
      const results = encoder.encode({ ...header, dtype: 'f64' }, values).map((bytes) => reassembler.push(bytes, 0));
      const last = results.at(-1);
      expect(last?.status === 'complete' && sameElements(last.message.payload, values)).toBe(true);
    }
  });

  it('wraps the message id after 2^32 − 1', () => {
    const encoder = new FrameEncoder({ firstMessageId: 0xffff_ffff });
    const [frame] = encoder.encode(header, new Float32Array(1));
    const decoded = decodeFrame(frame);
    expect(decoded.ok && decoded.frame.messageId).toBe(0xffff_ffff);
    expect(encoder.nextMessageId).toBe(0);
  });
});
