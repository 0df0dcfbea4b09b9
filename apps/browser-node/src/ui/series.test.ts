import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series';

describe('SeriesBuffer', () => {
  it('keeps aligned columns, turns non-finite values into gaps and drops the oldest points past its limit', () => {
    const series = new SeriesBuffer(2, 3);
    series.push(0, [1, null]);
    series.push(1, [Number.NaN, 0.5]);
    series.push(2, [3]);
    series.push(3, [4, 0.75]);
    expect(series.data()).toEqual([
      [1, 2, 3],
      [null, 3, 4],
      [0.5, null, 0.75],
    ]);
  });
});
