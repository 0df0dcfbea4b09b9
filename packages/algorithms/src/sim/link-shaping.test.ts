/**
 * Paced, bandwidth-limited links in the engine: R-FAST keeps its exactness when links skip intermediate
 * states (ALGORITHMS.md: running sums make any received message a complete summary), and the links really
 * send less: at most one paced message per kind per interval.
 */
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config';
import { invariantResidual } from './invariant';
import { runSimulation } from './run';

const scenario = (links: SimConfig['links'], algorithm: SimConfig['algorithm'] = 'rfast'): SimConfig => ({
  algorithm,
  nodes: 7,
  topology: 'two-trees',
  problem: { kind: 'least-squares', dimension: 8, samplesPerNode: 16 },
  duration: 3000,
  delay: { mean: 0.5, jitter: 0.8 },
  loss: { kind: 'iid', p: 0.3 },
  links,
  seed: 3,
});

describe('links with pacing and bandwidth', () => {
  it('R-FAST paced every 5 steps on 20-byte-per-step links: exact optimum, invariant after every activation', () => {
    let worstResidual = 0;
    // 8 doubles + framing ≈ 80 wire bytes: 4 time units on the wire per message, slower than a step.
    const result = runSimulation(scenario({ pacing: 5, bandwidth: 20 }), {
      afterActivation: (state) => {
        worstResidual = Math.max(worstResidual, invariantResidual(state.nodes));
      },
    });
    expect(worstResidual).toBeLessThanOrEqual(1e-12);
    expect(result.final.relErrorWorst).toBeLessThan(1e-8);
  });

  it('pacing bounds what a link sends: ≤ one message per kind per interval (plus one)', () => {
    const free = runSimulation(scenario(undefined));
    const paced = runSimulation(scenario({ pacing: 5 }));
    // 12 directed links (6 tree edges in each of two trees, some shared), 2 kinds: a generous bound.
    const linkKinds = 7 * 2 * 2;
    expect(paced.final.messagesSent).toBeLessThanOrEqual(linkKinds * (3000 / 5 + 1));
    expect(paced.final.messagesSent).toBeLessThan(free.final.messagesSent / 3);
    expect(paced.final.relErrorWorst).toBeLessThan(1e-8);
  });

  it('per-round algorithms still finish on shaped links (their messages are not paced)', () => {
    const result = runSimulation({ ...scenario({ pacing: 5, bandwidth: 20 }, 'allreduce'), loss: { kind: 'iid', p: 0 } });
    expect(result.final.relErrorMean).toBeLessThan(1e-6);
  });

  it('refuses a bandwidth of 0', () => {
    expect(() => runSimulation(scenario({ bandwidth: 0 }))).toThrow(/bandwidth/);
  });
});
