/**
 * Issue 2 acceptance, ALGORITHMS.md "Test oracles": two trees, heterogeneous least squares, n = 7, random
 * delays, 30% i.i.d. loss, deterministic gradients. R-FAST reaches the optimum at every node and keeps the
 * mass invariant after every single activation; the naive push ends far away.
 */
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config';
import { invariantResidual } from './invariant';
import { runSimulation } from './run';

const scenario = (algorithm: SimConfig['algorithm'], seed: number): SimConfig => ({
  algorithm,
  nodes: 7,
  topology: 'two-trees',
  problem: { kind: 'least-squares', dimension: 8, samplesPerNode: 16 },
  duration: 1500,
  delay: { mean: 0.5, jitter: 0.8 },
  loss: { kind: 'iid', p: 0.3 },
  seed,
});

describe.each([1, 2])('two trees, 30%% loss, seed %i', (seed) => {
  it('R-FAST: every node within 1e-10 of x*, invariant ≤ 1e-12 after every activation', () => {
    let worstResidual = 0;
    let checks = 0;
    const result = runSimulation(scenario('rfast', seed), {
      afterActivation: (state) => {
        worstResidual = Math.max(worstResidual, invariantResidual(state.nodes));
        checks++;
      },
    });
    expect(checks).toBe(result.final.activations);
    expect(checks).toBeGreaterThan(5000);
    expect(worstResidual).toBeLessThanOrEqual(1e-12);
    expect(result.final.relErrorWorst).toBeLessThan(1e-10);
    // The loss really happened.
    expect(result.final.messagesLost / result.final.messagesSent).toBeGreaterThan(0.25);
  });

  it('naive tracking (increments) ends with relative error > 0.1', () => {
    const result = runSimulation(scenario('naive', seed));
    expect(result.final.relErrorMean).toBeGreaterThan(0.1);
    expect(Number.isNaN(result.final.invariantResidual)).toBe(true);
  });
});
