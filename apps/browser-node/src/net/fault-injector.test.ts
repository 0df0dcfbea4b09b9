import { noFaults, type FaultSettings } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { FaultInjector } from './fault-injector';
import { stationaryLoss } from './gilbert-elliott';

const DRAWS = 10_000;

function faults(change: (f: FaultSettings) => FaultSettings): FaultSettings {
  return change(noFaults());
}

function dropRate(injector: FaultInjector, to: string, draws = DRAWS): number {
  let drops = 0;
  for (let i = 0; i < draws; i++) if (injector.decide(to).drop) drops++;
  return drops / draws;
}

/** Binomial standard error; 4.5 σ keeps a correct implementation from ever failing a seeded run by chance. */
const tolerance = (p: number, n = DRAWS): number => 4.5 * Math.sqrt((p * (1 - p)) / n) + 1e-9;

describe('FaultInjector', () => {
  it('drops nothing and delays nothing with no faults', () => {
    const injector = new FaultInjector('a', seededRandom(1));
    expect(dropRate(injector, 'b')).toBe(0);
    expect(injector.counters).toEqual({ messages: DRAWS, drops: 0, delayed: 0, delayMsTotal: 0 });
  });

  it.each([0.1, 0.3, 0.7])('drops a fraction p = %s of 10,000 seeded draws, within tolerance', (p) => {
    const injector = new FaultInjector('a', seededRandom(42));
    injector.update(faults((f) => ({ ...f, loss: { ...f.loss, p } })));
    const rate = dropRate(injector, 'b');
    expect(Math.abs(rate - p)).toBeLessThan(tolerance(p));
    expect(injector.counters.drops).toBe(Math.round(rate * DRAWS));
  });

  it('is reproducible from its seed', () => {
    const run = () => {
      const injector = new FaultInjector('a', seededRandom(7));
      injector.update(faults((f) => ({ ...f, loss: { ...f.loss, p: 0.5 } })));
      return Array.from({ length: 64 }, () => injector.decide('b').drop);
    };
    expect(run()).toEqual(run());
  });

  it('lets a per-link override win over the global p and the burst model, only on its own directed link', () => {
    const injector = new FaultInjector('a', seededRandom(3));
    injector.update({
      ...noFaults(),
      loss: {
        p: 0.5,
        links: [
          { from: 'a', to: 'b', p: 0 },
          { from: 'a', to: 'c', p: 1 },
          { from: 'c', to: 'a', p: 0 }, // another sender's link: not ours to apply
        ],
        burst: { pGoodToBad: 0.5, pBadToGood: 0.5, lossGood: 0.5, lossBad: 0.5 },
      },
    });
    expect(dropRate(injector, 'b', 1000)).toBe(0);
    expect(dropRate(injector, 'c', 1000)).toBe(1);
    expect(injector.lossTowards('d')).toBe('burst');
  });

  it('follows the Gilbert–Elliott burst model: long-run rate and long bursts', () => {
    const burst = { pGoodToBad: 0.02, pBadToGood: 0.2, lossGood: 0, lossBad: 1 };
    const injector = new FaultInjector('a', seededRandom(11));
    injector.update({ ...noFaults(), loss: { p: 0.9, links: [], burst } });
    const outcomes = Array.from({ length: 50_000 }, () => injector.decide('b').drop);
    const rate = outcomes.filter(Boolean).length / outcomes.length;
    const expected = stationaryLoss(burst); // 0.02 / 0.22 ≈ 0.091, not the global 0.9
    expect(Math.abs(rate - expected)).toBeLessThan(0.02);
    // Losses come in runs: the mean run length of drops is the mean stay in the bad state, 1 / pBadToGood = 5.
    const runs: number[] = [];
    let current = 0;
    for (const dropped of outcomes) {
      if (dropped) current++;
      else if (current > 0) {
        runs.push(current);
        current = 0;
      }
    }
    const meanRun = runs.reduce((a, b) => a + b, 0) / runs.length;
    expect(meanRun).toBeGreaterThan(4);
    expect(meanRun).toBeLessThan(6);
  });

  it('keeps one burst chain per link', () => {
    const injector = new FaultInjector('a', seededRandom(5));
    const burst = { pGoodToBad: 1, pBadToGood: 0, lossGood: 0, lossBad: 1 };
    injector.update({ ...noFaults(), loss: { p: 0, links: [{ from: 'a', to: 'c', p: 0 }], burst } });
    expect(injector.decide('b').drop).toBe(true); // b's chain went bad and stays bad
    expect(injector.decide('c').drop).toBe(false); // the override, not b's chain
  });

  it('delays by mean ± jitter, clamped at zero, and counts it', () => {
    const injector = new FaultInjector('a', seededRandom(9));
    injector.update({ ...noFaults(), delay: { meanMs: 20, jitterMs: 30 } });
    const delays = Array.from({ length: DRAWS }, () => injector.decide('b').delayMs);
    expect(Math.min(...delays)).toBe(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    expect(Math.max(...delays)).toBeGreaterThan(45);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    // E[max(0, 20 + U(-30, 30))] = (1/60)∫_0^50 d dd = 2500 / 120 ≈ 20.83
    expect(Math.abs(mean - 2500 / 120)).toBeLessThan(1);
    expect(injector.counters.delayed).toBe(delays.filter((d) => d > 0).length);
  });

  it("reports this node's straggler factor only", () => {
    const injector = new FaultInjector('a', seededRandom(1));
    injector.update({ ...noFaults(), stragglers: [{ peer: 'b', factor: 8 }] });
    expect(injector.stragglerFactor()).toBe(1);
    injector.update({ ...noFaults(), stragglers: [{ peer: 'a', factor: 3 }] });
    expect(injector.stragglerFactor()).toBe(3);
  });
});
