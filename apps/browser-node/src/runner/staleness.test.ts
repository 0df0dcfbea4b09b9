import { describe, expect, it } from 'vitest';
import { StalenessMeter } from './staleness';

describe('StalenessMeter', () => {
  it('is unknown until a sender’s rate has been measured over a full window', () => {
    const meter = new StalenessMeter();
    meter.record('p', 0, 0);
    meter.record('p', 5, 500);
    expect(meter.measure(600)).toBeNull();
  });

  it('estimates age in sender steps as rate × time since the latest packet, averaged over senders', () => {
    const meter = new StalenessMeter();
    // p steps every 10 ms (0.1 step/ms); q every 100 ms (0.01 step/ms).
    meter.record('p', 0, 0);
    meter.record('p', 100, 1_000);
    meter.record('q', 0, 0);
    meter.record('q', 10, 1_000);
    // 200 ms after both last packets: p is 20 steps further, q 2 steps: mean 11.
    expect(meter.measure(1_200)).toBeCloseTo(11, 10);
  });

  it('is not fooled by a burst of packets arriving together', () => {
    const meter = new StalenessMeter();
    meter.record('p', 0, 0);
    meter.record('p', 100, 1_000); // 0.1 step/ms
    meter.record('p', 104, 1_001); // a burst: 4 steps in 1 ms
    expect(meter.measure(1_011)).toBeCloseTo(1, 10); // 10 ms × 0.1, not 10 ms × 4
  });

  it('starts over when a sender’s sequence numbers restart (a new run)', () => {
    const meter = new StalenessMeter();
    meter.record('p', 0, 0);
    meter.record('p', 100, 1_000);
    meter.record('p', 0, 1_500);
    expect(meter.measure(1_600)).toBeNull();
  });
});
