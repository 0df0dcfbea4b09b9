/** Engine behaviour: determinism, counters, timing models, the synchronous baselines under loss, config errors. */
import { describe, expect, it } from 'vitest';
import type { AlgorithmNode } from '../node';
import type { SimConfig } from './config';
import { runSimulation } from './run';

const small: SimConfig = {
  algorithm: 'rfast',
  nodes: 5,
  topology: 'two-trees',
  problem: { kind: 'least-squares', dimension: 8, samplesPerNode: 16 },
  duration: 100,
  seed: 4,
};

/** Steps per node at the end of a run, read through the afterActivation hook. */
function stepsPerNode(config: SimConfig): number[] {
  let nodes: readonly AlgorithmNode[] = [];
  runSimulation(config, { afterActivation: (state) => (nodes = state.nodes) });
  return nodes.map((n) => n.steps);
}

describe('runSimulation', () => {
  it('is deterministic for a seed and changes with it', () => {
    const config: SimConfig = { ...small, loss: { kind: 'iid', p: 0.2 }, delay: { mean: 0.3, jitter: 1, distribution: 'exponential' } };
    const a = runSimulation(config);
    const b = runSimulation(config);
    expect(b.samples).toEqual(a.samples);
    expect(runSimulation({ ...config, seed: 5 }).final).not.toEqual(a.final);
  });

  it('samples from 0 to the duration every sampleEvery, and finds the time to a target', () => {
    const result = runSimulation({ ...small, sampleEvery: 10 });
    expect(result.samples.map((s) => s.time)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(result.final).toBe(result.samples.at(-1));
    const hit = result.timeToTarget(0.2);
    expect(hit).toBeGreaterThan(0);
    const firstBelow = result.samples.find((s) => s.relErrorMean <= 0.2);
    expect(hit).toBe(firstBelow?.time);
    expect(result.timeToTarget(1e-300)).toBeUndefined();
  });

  it('stops at the first sample stopWhen accepts, with the samples up to it identical to a full run', () => {
    const full = runSimulation(small);
    const target = 0.5;
    const reached = full.timeToTarget(target) as number;
    expect(reached).toBeLessThan(small.duration);
    const stopped = runSimulation(small, { stopWhen: (s) => s.relErrorMean <= target });
    expect(stopped.final.time).toBe(reached);
    expect(stopped.samples).toEqual(full.samples.filter((s) => s.time <= reached));
  });

  it('counts messages, losses and framed bytes', () => {
    const result = runSimulation({ ...small, loss: { kind: 'iid', p: 0.25 } });
    const { messagesSent, messagesLost, bytesSent } = result.final;
    // Every R-FAST payload here is 8 float64 (64 bytes) in one 32-byte frame.
    expect(bytesSent).toBe(messagesSent * (64 + 32));
    expect(messagesLost / messagesSent).toBeGreaterThan(0.2);
    expect(messagesLost / messagesSent).toBeLessThan(0.3);
    const f32 = runSimulation({ ...small, precision: 'f32', duration: 1000 });
    expect(f32.final.relErrorWorst).toBeLessThan(1e-4);
    expect(f32.final.bytesSent).toBeLessThan(f32.final.messagesSent * 96);
  });

  it('a straggler slows only itself under R-FAST, but everyone under AllReduce', () => {
    const stragglers = [{ node: 2, factor: 4 }];
    const rfast = stepsPerNode({ ...small, compute: { base: 1, jitter: 0, stragglers } });
    expect(rfast[2]).toBeLessThan((rfast[0] as number) / 3);
    const allreduce = stepsPerNode({ ...small, algorithm: 'allreduce', compute: { base: 1, jitter: 0, stragglers } });
    expect(Math.max(...allreduce) - Math.min(...allreduce)).toBeLessThanOrEqual(1);
    expect(allreduce[0]).toBeLessThan((rfast[0] as number) / 3);
  });

  it('AllReduce runs on two trees whatever the requested topology, and converges', () => {
    const result = runSimulation({ ...small, algorithm: 'allreduce', topology: 'ring', duration: 300 });
    expect(result.topology).toBe('two-trees');
    expect(result.final.relErrorWorst).toBeLessThan(1e-8);
    expect(result.final.invariantResidual).toBeNaN();
  });

  it.each(['allreduce', 'dpsgd'] as const)('%s keeps going under heavy loss (retransmission, no deadlock)', (algorithm) => {
    const steps = stepsPerNode({ ...small, algorithm, topology: 'ring', loss: { kind: 'iid', p: 0.5 }, duration: 300 });
    expect(Math.min(...steps)).toBeGreaterThan(5);
  });

  it('runs bursty loss and every algorithm on ring and exponential graphs', () => {
    const loss = { kind: 'gilbert-elliott', pGoodToBad: 0.05, pBadToGood: 0.3, lossGood: 0.01, lossBad: 0.8 } as const;
    for (const topology of ['ring', 'exponential'] as const) {
      for (const algorithm of ['rfast', 'naive', 'dpsgd', 'adpsgd'] as const) {
        const result = runSimulation({ ...small, algorithm, topology, loss, duration: 50 });
        expect(result.final.activations).toBeGreaterThan(4 * small.nodes);
        expect(result.final.relErrorMean).toBeLessThan(1);
      }
    }
  });

  it('skips the optimum on request (error metrics become NaN)', () => {
    const result = runSimulation({ ...small, solveOptimum: false, learningRate: 0.01 });
    expect(result.final.relErrorMean).toBeNaN();
    expect(result.final.consensus).toBeGreaterThanOrEqual(0);
  });

  it('refuses invalid configs with clear messages', () => {
    expect(() => runSimulation({ ...small, nodes: 0 })).toThrow(/nodes/);
    expect(() => runSimulation({ ...small, loss: { kind: 'iid', p: 1.5 } })).toThrow(/loss/);
    expect(() => runSimulation({ ...small, events: [{ at: 1, kind: 'crash', node: 9 }] })).toThrow(/node 9/);
    expect(() => runSimulation({ ...small, events: [{ at: 1, kind: 'leave', node: 1 }, { at: 2, kind: 'leave', node: 1 }] })).toThrow(
      /not a member/,
    );
    expect(() => runSimulation({ ...small, algorithm: 'sgd' as AlgorithmNode['algorithm'] })).toThrow(/not implemented/);
  });
});
