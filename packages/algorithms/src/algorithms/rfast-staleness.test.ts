/**
 * R-FAST when every message arrives, one per step, but LATE (staleness-scaled-step.ts): the message-gap scale
 * (delay-scaled-step.ts) sees a gap of one step and never engages, while the information each node acts on is
 * a round trip of ~2·delay steps old. Root r and child a minimise ½·c‖x − b_i‖²; the optimum is the mean.
 */
import { describe, expect, it } from 'vitest';
import { RFastNode } from './rfast';
import { deliver, options, step, toArray, treeView } from './test-support';
import type { OutgoingMessage, Vector } from '../node';
import { invariantResidual } from '../sim/invariant';
import { RAMP_DOUBLING } from './step-ramp';

const TARGETS = { r: [4, -2], a: [-2, 6] } as const;
const OPTIMUM = [1, 2];
const CURVATURE = 0.5;
/** η = 1, stepScale ½: γ = 0.5, γ·c = 0.25 per step, stable when messages are fresh. Default A₀ = ⌈2/η⌉ = 2. */
const LEARNING_RATE = 1;

type Pair = Record<'r' | 'a', RFastNode>;

function pair(params: Record<string, number> = {}): Pair {
  return {
    r: new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: LEARNING_RATE, params })),
    a: new RFastNode(options(treeView('a', { parent: 'r' }), [0, 0], { learningRate: LEARNING_RATE, params })),
  };
}

/** Both nodes step `steps` times; every message is delivered exactly `delay` steps after it was sent. */
function run(nodes: Pair, steps: number, delay: number, afterStep: () => void = () => {}): void {
  const inFlight: { at: number; from: 'r' | 'a'; message: OutgoingMessage }[] = [];
  for (let k = 0; k < steps; k++) {
    for (const id of ['r', 'a'] as const) {
      const b = TARGETS[id];
      const gradient = (x: Vector) => [CURVATURE * ((x[0] as number) - b[0]), CURVATURE * ((x[1] as number) - b[1])];
      for (const message of step(nodes[id], gradient)) inFlight.push({ at: k + delay, from: id, message });
    }
    while (inFlight.length > 0 && (inFlight[0]?.at ?? Infinity) <= k) {
      const { from, message } = inFlight.shift()!;
      expect(deliver(nodes[message.to as 'r' | 'a'], from, message).accepted).toBe(true);
    }
    afterStep();
  }
}

const distance = (node: RFastNode): number => {
  const x = toArray(node.model());
  return Math.hypot((x[0] as number) - OPTIMUM[0]!, (x[1] as number) - OPTIMUM[1]!);
};

describe('R-FAST with every message 50 steps late', () => {
  // Measured: the distance swings between ~0.2 and ~2.3 over 40,000 steps (sustained oscillation).
  it('without the information-age scale, keeps oscillating far from the optimum: the gap scale sees one message per step and stays at 1', () => {
    const nodes = pair({ staleAge: 0 });
    run(nodes, 20_000, 50);
    expect(nodes.r.effectiveStepSize).toBe(nodes.r.stepSize);
    expect(distance(nodes.r)).toBeGreaterThan(0.1);
    expect(distance(nodes.a)).toBeGreaterThan(0.1);
  });

  it('by default, measures the round trip from the echoes (~100 steps), shrinks γ by A₀/age and reaches the optimum with the mass invariant intact', () => {
    const nodes = pair();
    let worstResidual = 0;
    run(nodes, 20_000, 50, () => {
      worstResidual = Math.max(worstResidual, invariantResidual([nodes.r, nodes.a]));
    });
    expect(nodes.r.staleAge).toBe(2);
    expect(nodes.r.informationAge).toBeGreaterThanOrEqual(100);
    expect(nodes.r.informationAge).toBeLessThanOrEqual(102);
    expect(nodes.r.effectiveStepSize).toBeCloseTo(nodes.r.stepSize * (2 / nodes.r.informationAge), 12);
    expect(distance(nodes.r)).toBeLessThan(1e-9);
    expect(distance(nodes.a)).toBeLessThan(1e-9);
    expect(worstResidual).toBeLessThan(1e-12);
  });

  it('changes nothing when messages are fresh (delivered the next step): the age stays within A₀', () => {
    const off = pair({ staleAge: 0 });
    const on = pair({ staleAge: 4 }); // a fresh link's round trip is 2–3 steps
    run(off, 300, 1);
    run(on, 300, 1);
    expect(on.r.informationAge).toBeGreaterThan(0);
    expect(on.r.effectiveStepSize).toBe(on.r.stepSize);
    expect(toArray(on.r.model())).toEqual(toArray(off.r.model()));
  });
});

describe('R-FAST after a tree repair that makes the step larger', () => {
  it('ramps the step up (step-ramp.ts) instead of jumping to it, and still reaches the optimum with the invariant intact', () => {
    // A 4-node room (γ = η/4) repaired into a 2-node one (γ = η/2): the target step doubles at the new epoch.
    const nodes: Pair = {
      r: new RFastNode(options(treeView('r', { children: ['a'], size: 4 }), [0, 0], { learningRate: LEARNING_RATE, params: { staleAge: 0 } })),
      a: new RFastNode(options(treeView('a', { parent: 'r', size: 4 }), [0, 0], { learningRate: LEARNING_RATE, params: { staleAge: 0 } })),
    };
    run(nodes, 50, 1);
    const before = nodes.r.effectiveStepSize;
    expect(before).toBeCloseTo(0.25, 12);
    nodes.r.setTopology(treeView('r', { children: ['a'], epoch: 1 }));
    nodes.a.setTopology(treeView('a', { parent: 'r', epoch: 1 }));
    expect(nodes.r.stepSize).toBeCloseTo(0.5, 12);
    expect(nodes.r.effectiveStepSize).toBeLessThan(0.252); // one exchange of growth at most
    let worstResidual = 0;
    run(nodes, 100, 1, () => {
      worstResidual = Math.max(worstResidual, invariantResidual([nodes.r, nodes.a]));
    });
    // 100 exchanges into the ramp: 0.25 · 2^(100 / RAMP_DOUBLING) (± one exchange), not 0.5 at once.
    expect(nodes.r.effectiveStepSize).toBeGreaterThan(0.25 * 2 ** (99 / RAMP_DOUBLING));
    expect(nodes.r.effectiveStepSize).toBeLessThan(0.25 * 2 ** (102 / RAMP_DOUBLING));
    run(nodes, 20_000, 1, () => {
      worstResidual = Math.max(worstResidual, invariantResidual([nodes.r, nodes.a]));
    });
    expect(nodes.r.effectiveStepSize).toBe(nodes.r.stepSize);
    expect(distance(nodes.r)).toBeLessThan(1e-9);
    expect(worstResidual).toBeLessThan(1e-12);
  });
});
