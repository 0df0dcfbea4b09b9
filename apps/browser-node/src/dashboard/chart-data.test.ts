import { describe, expect, it } from 'vitest';
import { buildChartData, resample, timeGrid } from './chart-data';
import { RunBook, type RunRecord } from './runs';
import { sample } from './test-samples';

function run(runId: number, points: [peer: string, atMs: number, accuracy: number | null, loss?: number][]): RunRecord {
  const book = new RunBook();
  for (const [peerId, at, heldOutAccuracy, loss] of points) book.add(sample({ runId, peerId, at, heldOutAccuracy, loss: loss ?? null }));
  const record = book.get(runId);
  if (record === undefined) throw new Error('no run');
  return record;
}

const options = { maxPoints: 100, minBinMs: 1_000, holdMs: 2_500 };

describe('timeGrid', () => {
  it('spans the longest run in whole bins, coarser when the run is long', () => {
    expect(timeGrid([run(1, [['a', 1_000, 0], ['a', 4_500, 0]])], options)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(timeGrid([run(1, [['a', 0, 0], ['a', 1_000_000, 0]])], options)).toHaveLength(101);
  });
});

describe('resample', () => {
  it('holds each node at its newest report, and leaves a gap once the report is too old', () => {
    const r = run(1, [['a', 0, 0.1], ['a', 1_500, 0.5], ['b', 500, 0.2], ['a', 6_000, 0.9]]);
    const values = resample(r, 'accuracy', [0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000], 2_500);
    expect(values.get('a')).toEqual([0.1, 0.1, 0.5, 0.5, 0.5, null, 0.9]);
    expect(values.get('b')).toEqual([null, 0.2, 0.2, 0.2, null, null, null]);
  });

  it('reads loss, treating a missing loss as a gap', () => {
    const r = run(1, [['a', 0, null, 2.5]]);
    expect(resample(r, 'loss', [0], 1_000).get('a')).toEqual([2.5]);
    expect(resample(r, 'accuracy', [0], 1_000).get('a')).toEqual([null]);
  });
});

describe('buildChartData', () => {
  it('gives every node its accuracy and loss, the means, and the consensus spread', () => {
    const current = run(2, [['a', 0, 0.2, 2], ['b', 0, 0.6, 1], ['a', 1_000, 0.4, 1.5], ['b', 1_000, 0.6, 1]]);
    const data = buildChartData(current, [], options);
    expect(data.xs).toEqual([0, 1]);
    const byKey = new Map(data.series.map((s) => [s.key, s.values]));
    expect([...byKey.keys()]).toEqual(['2:accuracy:a', '2:accuracy:b', '2:accuracy:mean', '2:loss:a', '2:loss:b', '2:loss:mean']);
    expect(byKey.get('2:accuracy:mean')?.[0]).toBeCloseTo(0.4);
    expect(byKey.get('2:loss:mean')).toEqual([1.5, 1.25]);
    expect(data.spread[0]).toBeCloseTo(0.4);
    expect(data.spread[1]).toBeCloseTo(0.2);
  });

  it('overlays earlier runs by their mean accuracy on the same relative time axis', () => {
    const current = run(3, [['a', 50_000, 0.5]]);
    const earlier = run(1, [['a', 0, 0.1], ['b', 0, 0.3], ['a', 2_000, 0.5], ['b', 2_000, 0.7]]);
    const data = buildChartData(current, [earlier], options);
    const overlay = data.series.find((s) => s.role === 'overlay');
    expect(overlay?.key).toBe('1:accuracy:overlay');
    expect(overlay?.values[0]).toBeCloseTo(0.2);
    expect(overlay?.values[2]).toBeCloseTo(0.6);
    expect(data.xs).toHaveLength(3);
  });

  it('has no spread with a single node', () => {
    expect(buildChartData(run(1, [['a', 0, 0.5]]), [], options).spread).toEqual([null]);
  });
});
