/** Issue 2 acceptance: logistic regression, n = 16, stochastic gradients; every algorithm gets near f*. */
import { describe, expect, it } from 'vitest';
import type { AlgorithmName } from '../node';
import { runSimulation } from './run';

describe('logistic regression, 16 nodes, minibatch gradients', () => {
  it.each<AlgorithmName>(['rfast', 'allreduce', 'dpsgd', 'adpsgd'])('%s ends within 1e-2 of the optimal loss', (algorithm) => {
    const result = runSimulation({
      algorithm,
      nodes: 16,
      topology: 'two-trees',
      problem: { kind: 'logistic', dimension: 10, samplesPerNode: 50, stochastic: true, batchSize: 10 },
      duration: 200,
      seed: 1,
    });
    const start = result.samples[0];
    expect(start?.lossGap).toBeGreaterThan(0.1);
    expect(result.final.lossGap).toBeGreaterThanOrEqual(0);
    expect(result.final.lossGap).toBeLessThan(1e-2);
  });
});
