import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIN_CHUNK_BYTES, planChunks, strideOf } from './chunking';
import { FRAME_HEADER_BYTES } from './layout';

describe('chunking rule', () => {
  it('plans frames within the size limit that the receiver can place from any single chunk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: MIN_CHUNK_BYTES, max: 300_000 }), (total, max) => {
        const room = max - FRAME_HEADER_BYTES;
        fc.pre(Math.ceil(total / (room - (room % 8))) <= 65535);
        const { stride, chunkCount } = planChunks(total, max);
        let covered = 0;
        const misplaced: number[] = [];
        for (let index = 0; index < chunkCount; index++) {
          const bytes = Math.min(stride, total - index * stride);
          covered += bytes;
          if (FRAME_HEADER_BYTES + bytes > max || strideOf(total, chunkCount, index, bytes) !== stride) misplaced.push(index);
        }
        expect(misplaced).toEqual([]);
        expect(covered).toBe(total);
        if (chunkCount > 1) expect(stride % 8).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects chunk headers that cannot tile the message', () => {
    expect(typeof strideOf(100, 0, 0, 100)).toBe('string'); // no chunks
    expect(typeof strideOf(100, 2, 2, 50)).toBe('string'); // index out of range
    expect(typeof strideOf(100, 1, 0, 99)).toBe('string'); // single chunk must carry everything
    expect(typeof strideOf(100, 2, 0, 0)).toBe('string'); // empty chunk
    expect(typeof strideOf(100, 2, 0, 40)).toBe('string'); // last chunk would need 60 > 40
    expect(typeof strideOf(100, 2, 0, 100)).toBe('string'); // last chunk would be empty
    expect(typeof strideOf(100, 3, 2, 3)).toBe('string'); // 97 not divisible by 2
    expect(typeof strideOf(100, 3, 2, 40)).toBe('string'); // stride 30 < last 40
    expect(strideOf(100, 3, 2, 20)).toBe(40);
    expect(strideOf(0, 1, 0, 0)).toBe(0);
  });

  it('refuses frame sizes too small to carry a payload and messages needing over 65535 chunks', () => {
    expect(() => planChunks(10, MIN_CHUNK_BYTES - 1)).toThrow(RangeError);
    expect(() => planChunks(10, 1000.5)).toThrow(RangeError);
    expect(() => planChunks(8 * 65536, MIN_CHUNK_BYTES)).toThrow(RangeError);
  });
});
