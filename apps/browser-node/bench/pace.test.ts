import { describe, expect, it } from 'vitest';
import { neighbourPaceMs } from './pace';

describe('neighbour pace', () => {
  it('is the time one link needs for one f64 running sum when that is slower than a step', () => {
    // 100,000 values × 8 bytes = 0.8 MB at 16 MB/s: 50 ms.
    expect(neighbourPaceMs({ stepMs: 10, dimension: 100_000, linkMegabytesPerSecond: 16 })).toBeCloseTo(50, 9);
  });

  it('is one real step when the link is faster than that', () => {
    expect(neighbourPaceMs({ stepMs: 10, dimension: 1_000, linkMegabytesPerSecond: 16 })).toBe(10);
  });

  it('falls back to the step time without a usable link figure, and refuses nonsense', () => {
    expect(neighbourPaceMs({ stepMs: 12, dimension: 100_000, linkMegabytesPerSecond: Number.NaN })).toBe(12);
    expect(() => neighbourPaceMs({ stepMs: 0, dimension: 10, linkMegabytesPerSecond: 16 })).toThrow(RangeError);
  });
});
