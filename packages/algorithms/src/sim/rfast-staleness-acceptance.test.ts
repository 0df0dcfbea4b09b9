/**
 * Issue 16, item 3: delays up to 300 steps converge at default settings. 16 nodes on two binary trees (depth 4),
 * heterogeneous least squares, 30% jitter on every link delay, and ONE learning rate for every delay: the
 * default for fresh links (what a room uses, knowing nothing of its links). With the information-age scale
 * (staleness-scaled-step.ts, on by default) every node converges exactly; without it the same η diverges.
 */
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config';
import { runSimulation } from './run';

const base = (delay: number, duration: number, params?: Record<string, number>): SimConfig => ({
  algorithm: 'rfast',
  nodes: 16,
  topology: 'two-trees',
  problem: { kind: 'least-squares', dimension: 20, samplesPerNode: 50 },
  duration,
  delay: { mean: delay, jitter: 0.3 },
  seed: 3,
  ...(params === undefined ? {} : { params }),
});

/** The default η of the same problem on fresh links (delay 0.5 steps), found the way a room would be set up. */
const freshLinkRate = runSimulation(base(0.5, 1)).learningRate as number;

describe('R-FAST at a fixed η with link delays of 10 to 300 steps', () => {
  it.each([
    [10, 2_500],
    [100, 13_000],
    [300, 45_000],
  ])('delay %i: every node within 1e-6 of x*, invariant intact', (delay, duration) => {
    const result = runSimulation({ ...base(delay, duration), learningRate: freshLinkRate });
    expect(result.final.relErrorWorst).toBeLessThan(1e-6);
    expect(result.final.invariantResidual).toBeLessThan(1e-12);
    expect(result.rejections?.screened ?? 0, 'honest messages screened as hostile').toBe(0);
  });

  it('screening lets honest models through however old the news: delay 100 at the delay-aware default η, nothing screened', () => {
    // The model bound follows the measured age: with a fixed 100-step allowance this run quarantined its own links.
    const result = runSimulation({ ...base(100, 8_000), delay: { mean: 100, jitter: 0.5 }, seed: 1 });
    expect(result.rejections?.screened ?? 0).toBe(0);
    expect(result.rejections?.quarantined ?? 0).toBe(0);
    expect(result.final.relErrorWorst).toBeLessThan(0.05);
  });

  it('without the information-age scale (staleAge 0), the same η diverges at a delay of 30 steps', () => {
    const result = runSimulation({ ...base(30, 2_500, { staleAge: 0 }), learningRate: freshLinkRate });
    expect(result.final.relErrorMean).toBeGreaterThan(10);
  });
});
