import { describe, expect, it } from 'vitest';
import { encodeFrames, encodeMessage } from './encode';
import { FRAME_HEADER_BYTES, VECTOR_DTYPES } from './layout';
import { Reassembler } from './reassembler';
import { sendEncodedMessage, sendMessage } from './send-frames';
import { sameElements, sampleVector, seededRandom } from './test-support';

const header = { kind: 'model', epoch: 3, seq: 9, dtype: 'f32', flags: 2 } as const;

/** A sink that copies every frame, as RTCDataChannel.send does, and remembers which buffer each came from. */
function copyingSink(): { frames: Uint8Array[]; sources: ArrayBufferLike[]; send: (frame: Uint8Array) => void } {
  const frames: Uint8Array[] = [];
  const sources: ArrayBufferLike[] = [];
  return { frames, sources, send: (frame) => (frames.push(frame.slice()), sources.push(frame.buffer)) };
}

describe('sendMessage', () => {
  it('sends the same bytes as encodeMessage and leaves the vector as it was, for random sizes, dtypes and chunk sizes', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 60; trial++) {
      const dtype = VECTOR_DTYPES[trial % VECTOR_DTYPES.length]!;
      const length = Math.floor(random() * 3000);
      // Down to the smallest frame (40 bytes: 8-byte chunks, so several chunks start inside the first 32 bytes).
      const maxChunkBytes = 40 + Math.floor(random() * 2000);
      const values = sampleVector(length, trial, 10, dtype === 'f64' ? Float64Array : Float32Array);
      const before = values.slice();
      const options = { messageId: trial, maxChunkBytes, random: seededRandom(trial) };
      const expected = encodeMessage({ ...header, dtype }, values, { ...options, random: seededRandom(trial) });
      const sink = copyingSink();
      const bytes = sendMessage({ ...header, dtype }, values, options, sink.send);
      expect(sink.frames.length).toBe(expected.length);
      expect(sink.frames.every((frame, i) => sameElements(frame, expected[i]!))).toBe(true);
      expect(bytes).toBe(expected.reduce((sum, frame) => sum + frame.length, 0));
      expect(sameElements(values, before)).toBe(true);
    }
  });

  it('sends every chunk after the first as a view of the vector itself (no copy)', () => {
    const values = sampleVector(100_000, 1);
    const sink = copyingSink();
    sendMessage(header, values, { messageId: 1 }, sink.send);
    expect(sink.frames.length).toBeGreaterThan(3);
    expect(sink.sources[0]).not.toBe(values.buffer);
    expect(sink.sources.slice(1).every((buffer) => buffer === values.buffer)).toBe(true);
  });

  it('puts the vector back when send throws, and sends nothing after', () => {
    const values = sampleVector(50_000, 2);
    const before = values.slice();
    let calls = 0;
    const failing = (): void => {
      calls++;
      if (calls === 3) throw new Error('channel closed');
    };
    expect(() => sendMessage(header, values, { messageId: 1, maxChunkBytes: 4096 }, failing)).toThrow('channel closed');
    expect(calls).toBe(3);
    expect(sameElements(values, before)).toBe(true);
  });

  it('delivers through a Reassembler', () => {
    const values = sampleVector(70_000, 3, 5, Float64Array);
    const reassembler = new Reassembler();
    let delivered: Float32Array | Float64Array | undefined;
    sendMessage({ ...header, dtype: 'f64' }, values, { messageId: 4 }, (frame) => {
      const result = reassembler.push(frame.slice(), 0);
      if (result.status === 'complete' && result.message.dtype !== 'bytes') delivered = result.message.payload;
    });
    expect(delivered !== undefined && sameElements(delivered, values)).toBe(true);
  });
});

describe('sendEncodedMessage', () => {
  it('frames opaque bytes like encodeFrames, from an offset view, without touching bytes outside it', () => {
    const backing = new Uint8Array(10_000).map((_, i) => i % 251);
    const payload = backing.subarray(100, 9_900);
    const before = backing.slice();
    const expected = encodeFrames({ ...header, dtype: 'bytes' }, payload, { messageId: 5, maxChunkBytes: 1024 });
    const sink = copyingSink();
    sendEncodedMessage({ ...header, dtype: 'bytes' }, payload, { messageId: 5, maxChunkBytes: 1024 }, sink.send);
    expect(sink.frames.every((frame, i) => sameElements(frame, expected[i]!))).toBe(true);
    expect(sameElements(backing, before)).toBe(true);
  });

  it('copies every chunk of a payload in shared memory', () => {
    const payload = new Uint8Array(new SharedArrayBuffer(5000)).fill(7);
    const sink = copyingSink();
    sendEncodedMessage({ ...header, dtype: 'bytes' }, payload, { messageId: 6, maxChunkBytes: 1024 }, sink.send);
    expect(sink.frames.length).toBe(Math.ceil(5000 / (1024 - FRAME_HEADER_BYTES)));
    expect(sink.sources.some((buffer) => buffer === payload.buffer)).toBe(false);
  });
});
