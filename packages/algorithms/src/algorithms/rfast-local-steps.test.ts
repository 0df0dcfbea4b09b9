/**
 * R-FAST with H local SGD steps per exchange (params.localSteps, local-trajectory.ts): one node alone is plain
 * SGD, a pair sends on one activation in H, and the mass invariant holds on delayed links. The pair's losses
 * ½·c‖x − b_i‖² share their curvature, so the mean path gradients cancel exactly at the mean of the b_i: the
 * optimum stays exact here (with different curvatures it would move; rfast-local-steps-acceptance.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { RFastNode } from './rfast';
import { deliver, options, step, toArray, treeView } from './test-support';
import type { OutgoingMessage, Vector } from '../node';
import { invariantResidual } from '../sim/invariant';

const CURVATURE = 0.5;
const TARGETS = { r: [4, -2], a: [-2, 6] } as const;
const OPTIMUM = [1, 2];
const quadratic = (b: readonly number[]) => (x: Vector) => [CURVATURE * ((x[0] as number) - b[0]!), CURVATURE * ((x[1] as number) - b[1]!)];

describe('R-FAST with local steps', () => {
  it('one node alone with H = 4 follows SGD at η exactly: after the first path and m exchanges it is at SGD after 4·m steps', () => {
    const eta = 0.3;
    const node = new RFastNode(options(treeView('r'), [0, 0], { learningRate: eta, params: { localSteps: 4 } }));
    expect(node.localSteps).toBe(4);
    expect(node.stepSize).toBeCloseTo(4 * eta, 12);
    const gradient = quadratic(TARGETS.r);
    const exchanges = 5;
    for (let k = 0; k < 4 * (exchanges + 1); k++) step(node, gradient);
    let sgd = [0, 0];
    for (let k = 0; k < 4 * exchanges; k++) {
      const g = gradient(Float64Array.from(sgd));
      sgd = [sgd[0]! - eta * g[0]!, sgd[1]! - eta * g[1]!];
    }
    const x = toArray(node.model());
    expect(x[0]).toBeCloseTo(sgd[0]!, 12);
    expect(x[1]).toBeCloseTo(sgd[1]!, 12);
    expect(node.steps).toBe(4 * exchanges);
  });

  it('a pair with H = 4 sends on one activation in four, keeps the mass invariant on 7-step delays and reaches the optimum', () => {
    const params = { localSteps: 4 };
    const nodes = {
      r: new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: 0.5, params })),
      a: new RFastNode(options(treeView('a', { parent: 'r' }), [0, 0], { learningRate: 0.5, params })),
    };
    const inFlight: { at: number; from: 'r' | 'a'; message: OutgoingMessage }[] = [];
    const sendingSteps = { r: 0, a: 0 };
    let worstResidual = 0;
    const steps = 4_000;
    for (let k = 0; k < steps; k++) {
      for (const id of ['r', 'a'] as const) {
        const sent = step(nodes[id], quadratic(TARGETS[id]));
        if (sent.length > 0) sendingSteps[id]++;
        for (const message of sent) inFlight.push({ at: k + 7, from: id, message });
      }
      while (inFlight.length > 0 && (inFlight[0]?.at ?? Infinity) <= k) {
        const { from, message } = inFlight.shift()!;
        expect(deliver(nodes[message.to as 'r' | 'a'], from, message).accepted).toBe(true);
      }
      worstResidual = Math.max(worstResidual, invariantResidual([nodes.r, nodes.a]));
    }
    // The first path (4 gradients) initialises; every later path of 4 ends in one exchange.
    expect(sendingSteps.r).toBe(steps / 4 - 1);
    expect(sendingSteps.a).toBe(steps / 4 - 1);
    expect(worstResidual).toBeLessThan(1e-12);
    for (const node of [nodes.r, nodes.a]) {
      const x = toArray(node.model());
      expect(Math.hypot(x[0]! - OPTIMUM[0]!, x[1]! - OPTIMUM[1]!)).toBeLessThan(1e-9);
    }
  });

  it('refuses a local step count that is not a positive integer', () => {
    expect(() => new RFastNode(options(treeView('r'), [0, 0], { params: { localSteps: 0 } }))).toThrow(/localSteps must be a positive integer/);
    expect(() => new RFastNode(options(treeView('r'), [0, 0], { params: { localSteps: 2.5 } }))).toThrow(/localSteps must be a positive integer/);
  });
});
