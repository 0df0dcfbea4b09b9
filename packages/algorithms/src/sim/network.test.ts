import { describe, expect, it } from 'vitest';
import { Network } from './network';
import { createRandom } from './random';

describe('Network', () => {
  it('uniform delays stay within mean·(1 ± jitter); exponential ones above the floor with the same mean', () => {
    const uniform = new Network({ mean: 2, jitter: 0.5 }, { kind: 'iid', p: 0 }, createRandom(1));
    const exponential = new Network({ mean: 2, jitter: 0.5, distribution: 'exponential' }, { kind: 'iid', p: 0 }, createRandom(1));
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 20000; i++) {
      const d = uniform.delay();
      const e = exponential.delay();
      if (d < 1 || d > 3 || e < 1) outside++;
      sum += e;
    }
    expect(outside).toBe(0);
    expect(sum / 20000).toBeCloseTo(2, 1);
  });

  it('i.i.d. loss drops about p of the packets', () => {
    const network = new Network({ mean: 1, jitter: 0 }, { kind: 'iid', p: 0.3 }, createRandom(2));
    let lost = 0;
    for (let i = 0; i < 20000; i++) if (network.lost(0, 1)) lost++;
    expect(lost / 20000).toBeCloseTo(0.3, 1);
  });

  it('Gilbert–Elliott loss comes in bursts, per link', () => {
    const loss = { kind: 'gilbert-elliott', pGoodToBad: 0.02, pBadToGood: 0.2, lossGood: 0, lossBad: 1 } as const;
    const network = new Network({ mean: 1, jitter: 0 }, loss, createRandom(3));
    const bursts: number[] = [];
    let run = 0;
    let lost = 0;
    const n = 50000;
    for (let i = 0; i < n; i++) {
      if (network.lost(0, 1)) {
        lost++;
        run++;
      } else if (run > 0) {
        bursts.push(run);
        run = 0;
      }
    }
    // Stationary loss 0.02 / 0.22 ≈ 0.09; mean burst length 1 / pBadToGood = 5 (i.i.d. loss would give ≈ 1.1).
    expect(lost / n).toBeCloseTo(0.09, 1);
    const meanBurst = bursts.reduce((a, b) => a + b, 0) / bursts.length;
    expect(meanBurst).toBeGreaterThan(4);
    expect(meanBurst).toBeLessThan(6);
    // Another link starts in the good state, unaffected by link 0→1's bursts.
    expect(network.lost(5, 6)).toBe(false);
  });
});
