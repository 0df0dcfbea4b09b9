import { describe, expect, it } from 'vitest';
import { afterWarmup, intervals, median, megabytesPerSecond, quantile, ratio, summarize } from './stats';

describe('benchmark statistics', () => {
  it('median of odd and even counts, independent of order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('quantiles interpolate between order statistics', () => {
    const values = [10, 0, 30, 20, 40];
    expect(quantile(values, 0)).toBe(0);
    expect(quantile(values, 1)).toBe(40);
    expect(quantile(values, 0.1)).toBeCloseTo(4, 12);
    expect(quantile(values, 0.9)).toBeCloseTo(36, 12);
    expect(() => quantile(values, 1.5)).toThrow(RangeError);
  });

  it('summary ignores nothing but reports outliers only in mean and max', () => {
    const steps = [12, 12, 13, 12, 11, 12, 250]; // one held-out evaluation among ordinary steps
    const s = summarize(steps);
    expect(s.count).toBe(7);
    expect(s.median).toBe(12);
    expect(s.max).toBe(250);
    expect(s.mean).toBeCloseTo(322 / 7, 12);
    expect(summarize([]).count).toBe(0);
  });

  it('intervals are differences of consecutive timestamps', () => {
    expect(intervals([100, 112, 125, 125.5])).toEqual([12, 13, 0.5]);
    expect(intervals([7])).toEqual([]);
  });

  it('throughput in MB/s and ratios refuse unusable inputs', () => {
    expect(megabytesPerSecond(4_000_000, 250)).toBeCloseTo(16, 12);
    expect(megabytesPerSecond(4_000_000, 0)).toBeNaN();
    expect(ratio(13.2, 12)).toBeCloseTo(1.1, 12);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });

  it('warm-up removes a prefix only', () => {
    expect(afterWarmup([1, 2, 3, 4], 2)).toEqual([3, 4]);
    expect(afterWarmup([1, 2], 5)).toEqual([]);
    expect(afterWarmup([1, 2], -1)).toEqual([1, 2]);
  });
});
