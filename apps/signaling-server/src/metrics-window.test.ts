import type { MetricsSample } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { metricsToCsv } from './metrics-csv';
import { MetricsWindow } from './metrics-window';

const sample = (step: number, links = 0, runId = 1): MetricsSample => ({
  room: 'r',
  peerId: 'p-1',
  at: 1000 + step,
  runId,
  epoch: 1,
  step,
  loss: step / 10,
  trainAccuracy: null,
  heldOutAccuracy: null,
  stepMs: null,
  backend: 'cpu',
  bytesSent: 0,
  bytesReceived: 0,
  messagesSent: 0,
  messagesReceived: 0,
  injectedDrops: 0,
  malformedFrames: 0,
  staleness: null,
  delayScale: 1,
  links: Array.from({ length: links }, (_, i) => ({
    peer: `p-${i + 2}`,
    state: 'open' as const,
    bytesSent: 0,
    bytesReceived: 0,
    messagesSent: 0,
    messagesReceived: 0,
    injectedDrops: 0,
    malformedFrames: 0,
  })),
});

describe('MetricsWindow', () => {
  it('keeps the newest samples up to the count limit, oldest first', () => {
    const window = new MetricsWindow({ maxSamples: 3, maxBytes: 1e9 });
    for (let step = 1; step <= 5000; step += 1) window.push(sample(step));
    expect(window.size).toBe(3);
    expect(window.all().map((s) => s.step)).toEqual([4998, 4999, 5000]);
    expect(window.recent(2).map((s) => s.step)).toEqual([4999, 5000]);
  });

  it('evicts by estimated bytes so link-heavy reports cannot exhaust memory', () => {
    const window = new MetricsWindow({ maxSamples: 1000, maxBytes: 50_000 });
    for (let step = 1; step <= 100; step += 1) window.push(sample(step, 128));
    expect(window.estimatedBytes).toBeLessThanOrEqual(50_000);
    expect(window.size).toBeGreaterThan(0);
    expect(window.all().at(-1)?.step).toBe(100);
  });

  it('filters by run', () => {
    const window = new MetricsWindow();
    window.push(sample(1, 0, 1));
    window.push(sample(2, 0, 2));
    expect(window.all(2).map((s) => s.step)).toEqual([2]);
  });
});

describe('metricsToCsv', () => {
  it('writes a header and one row per sample, nulls as empty cells, links as a count', () => {
    const [header, row] = metricsToCsv([sample(7, 2)]).trim().split('\n');
    expect(header?.split(',')).toContain('heldOutAccuracy');
    const cells = Object.fromEntries((row ?? '').split(',').map((cell, i) => [header?.split(',')[i], cell]));
    expect(cells).toMatchObject({ step: '7', loss: '0.7', trainAccuracy: '', links: '2', peerId: 'p-1', at: '1007' });
  });
});
