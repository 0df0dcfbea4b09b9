import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeFrames } from './encode';
import { Reassembler } from './reassembler';
import { seededRandom, shuffled } from './test-support';

const header = { kind: 'tracker', epoch: 2, seq: 9, dtype: 'bytes', flags: 3 } as const;

describe("'bytes' frames (opaque payloads such as compression envelopes)", () => {
  it('deliver exactly the bytes sent, whatever the length, chunk size and arrival order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.integer({ min: 40, max: 4096 }), fc.integer(), (bytes, maxChunkBytes, seed) => {
        const frames = encodeFrames(header, bytes, { messageId: 5, maxChunkBytes });
        const reassembler = new Reassembler();
        const results = shuffled(frames, seededRandom(seed)).map((frame) => reassembler.push(frame, 0));
        const complete = results.flatMap((r) => (r.status === 'complete' ? [r.message] : []));
        expect(complete).toHaveLength(1);
        const message = complete[0]!;
        expect(message.dtype).toBe('bytes');
        expect(message.flags).toBe(3);
        expect([...(message.payload as Uint8Array)]).toEqual([...bytes]);
      }),
      { numRuns: 60 },
    );
  });

  it('are not checked for finiteness: bytes that would read as NaN floats arrive intact (their decoder validates them)', () => {
    const nanBits = new Uint8Array(new Float32Array([Number.NaN, Number.POSITIVE_INFINITY]).buffer);
    const result = new Reassembler().push(encodeFrames(header, nanBits, { messageId: 1 })[0]!, 0);
    expect(result.status).toBe('complete');
    expect(result.status === 'complete' && result.message.dtype).toBe('bytes');
  });

  it('keep the header: kind, epoch and seq of a bytes message come through', () => {
    const result = new Reassembler().push(encodeFrames(header, new Uint8Array([1, 2, 3]), { messageId: 1 })[0]!, 0);
    expect(result.status === 'complete' && [result.message.kind, result.message.epoch, result.message.seq]).toEqual(['tracker', 2, 9]);
  });
});
