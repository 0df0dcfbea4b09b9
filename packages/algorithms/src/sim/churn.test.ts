/**
 * Issue 2 acceptance, membership changes: a non-root leaves, another node crashes, a node joins; each change
 * starts a new epoch after which the invariant holds again and the run converges to the optimum of the
 * current members. The root leaving yields a new root and convergence continues.
 */
import { describe, expect, it } from 'vitest';
import type { MetricSample } from './metrics';
import type { SimConfig } from './config';
import { invariantResidual } from './invariant';
import { runSimulation } from './run';

const base: Omit<SimConfig, 'events' | 'duration'> = {
  algorithm: 'rfast',
  nodes: 7,
  topology: 'two-trees',
  problem: { kind: 'least-squares', dimension: 8, samplesPerNode: 16 },
  delay: { mean: 0.5, jitter: 0.8 },
  loss: { kind: 'iid', p: 0.1 },
  seed: 1,
  sampleEvery: 10,
};

function at(samples: readonly MetricSample[], time: number): MetricSample {
  const sample = samples.find((s) => s.time === time);
  if (!sample) throw new Error(`no sample at ${time}`);
  return sample;
}

describe('R-FAST under churn', () => {
  it('leave, crash, join: a new epoch each time, the invariant at every step, convergence to the members optimum', () => {
    let worstResidual = 0;
    const roots = new Set<string>();
    const result = runSimulation(
      {
        ...base,
        duration: 1400,
        events: [
          { at: 300, kind: 'leave', node: 3 },
          { at: 600, kind: 'crash', node: 5 },
          { at: 900, kind: 'join' },
        ],
      },
      {
        afterActivation: (state) => {
          worstResidual = Math.max(worstResidual, invariantResidual(state.nodes));
          roots.add(state.topology.root);
        },
      },
    );
    const { samples } = result;
    expect(worstResidual).toBeLessThanOrEqual(1e-12);
    expect(roots).toEqual(new Set(['n0']));
    const phases = [
      { before: 290, after: 310, epoch: 1, members: 6 },
      { before: 590, after: 610, epoch: 2, members: 5 },
      { before: 890, after: 910, epoch: 3, members: 6 },
    ];
    for (const { before, after, epoch, members } of phases) {
      // Converged for the members of the time, then the target moved with the membership.
      expect(at(samples, before).relErrorWorst).toBeLessThan(1e-3);
      expect(at(samples, after)).toMatchObject({ epoch, members });
      expect(at(samples, after).relErrorWorst).toBeGreaterThan(1e-2);
    }
    expect(result.final).toMatchObject({ epoch: 3, members: 6 });
    expect(result.final.relErrorWorst).toBeLessThan(1e-9);
    expect(result.final.invariantResidual).toBeLessThanOrEqual(1e-12);
  });

  it('the root leaving elects a new root and convergence continues', () => {
    let worstResidual = 0;
    const roots = new Set<string>();
    const result = runSimulation(
      { ...base, duration: 900, events: [{ at: 300, kind: 'leave', node: 0 }] },
      {
        afterActivation: (state) => {
          worstResidual = Math.max(worstResidual, invariantResidual(state.nodes));
          roots.add(state.topology.root);
        },
      },
    );
    expect([...roots]).toEqual(['n0', 'n1']);
    expect(worstResidual).toBeLessThanOrEqual(1e-12);
    expect(at(result.samples, 310).relErrorWorst).toBeGreaterThan(1e-2);
    expect(result.final.relErrorWorst).toBeLessThan(1e-6);
  });
});
