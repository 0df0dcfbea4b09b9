/**
 * R-FAST when messages arrive many steps apart (delay-scaled-step.ts), as on a paced link of a node that steps
 * fast. Root r and child a minimise ½‖x − b_i‖²; the optimum is the mean of b_r and b_a.
 */
import { describe, expect, it } from 'vitest';
import { RFastNode } from './rfast';
import { deliver, options, step, toArray, treeView } from './test-support';
import type { OutgoingMessage, Vector } from '../node';
import { invariantResidual } from '../sim/invariant';

const TARGETS = { r: [4, -2], a: [-2, 6] } as const;
const OPTIMUM = [1, 2];
/**
 * η = 1 and stepScale ½ give γ = 0.5: fast and stable when messages flow every step or two. With curvature
 * 1 (γ·L = 0.5) the default D₀ (⌈5/γ⌉ = 10, γ·L·D₀ = 5) is too large: the tests set D₀ themselves.
 */
const LEARNING_RATE = 1;

type Pair = Record<'r' | 'a', RFastNode>;

/** The message-gap scale alone: staleAge 0 turns off the information-age scale (rfast-staleness.test.ts covers it). */
function pair(stableDelay?: number): Pair {
  const params: Record<string, number> = stableDelay === undefined ? { staleAge: 0 } : { stableDelay, staleAge: 0 };
  return {
    r: new RFastNode(options(treeView('r', { children: ['a'] }), [0, 0], { learningRate: LEARNING_RATE, params })),
    a: new RFastNode(options(treeView('a', { parent: 'r' }), [0, 0], { learningRate: LEARNING_RATE, params })),
  };
}

/**
 * Both nodes step `steps` times on ½·curvature·‖x − b_i‖²; each link delivers only its newest message, every
 * `gap` steps.
 */
function run(nodes: Pair, steps: number, gap: number, afterStep: () => void = () => {}, curvature = 1): void {
  const newest = new Map<string, { from: 'r' | 'a'; message: OutgoingMessage }>();
  for (let k = 0; k < steps; k++) {
    for (const id of ['r', 'a'] as const) {
      const b = TARGETS[id];
      const gradient = (x: Vector) => [curvature * ((x[0] as number) - b[0]), curvature * ((x[1] as number) - b[1])];
      for (const message of step(nodes[id], gradient)) newest.set(`${id}:${message.kind}`, { from: id, message });
    }
    if ((k + 1) % gap === 0) {
      for (const { from, message } of newest.values()) expect(deliver(nodes[message.to as 'r' | 'a'], from, message).accepted).toBe(true);
      newest.clear();
    }
    afterStep();
  }
}

const distance = (node: RFastNode): number => {
  const x = toArray(node.model());
  return Math.hypot((x[0] as number) - OPTIMUM[0]!, (x[1] as number) - OPTIMUM[1]!);
};

describe('R-FAST with messages 50 steps apart', () => {
  it('at the full step, never converges: each node solves against stale news and the pair swaps targets', () => {
    const nodes = pair(0);
    run(nodes, 20_000, 50);
    expect(distance(nodes.r)).toBeGreaterThan(1);
    expect(distance(nodes.a)).toBeGreaterThan(1);
  });

  it('with stableDelay D₀ = 2, the step shrinks to γ·2/50 and both nodes reach the optimum; the mass invariant holds at every step (relative residual)', () => {
    const nodes = pair(2);
    let worstResidual = 0;
    run(nodes, 20_000, 50, () => {
      worstResidual = Math.max(worstResidual, invariantResidual([nodes.r, nodes.a]));
    });
    expect(nodes.r.effectiveStepSize).toBeCloseTo(0.5 * (2 / 50), 12);
    expect(distance(nodes.r)).toBeLessThan(1e-9);
    expect(distance(nodes.a)).toBeLessThan(1e-9);
    expect(worstResidual).toBeLessThan(1e-12);
  });

  it('changes nothing while messages arrive within D₀ steps', () => {
    const off = pair(0);
    const on = pair(2);
    run(off, 300, 2);
    run(on, 300, 2);
    expect(on.r.effectiveStepSize).toBe(on.r.stepSize);
    expect(toArray(on.r.model())).toEqual(toArray(off.r.model()));
    expect(toArray(on.a.model())).toEqual(toArray(off.a.model()));
  });

  it('by default D₀ = ⌈5/γ⌉ = 10 steps: on a flatter problem (curvature 0.2) the full step never converges, the default reaches the optimum', () => {
    const off = pair(0);
    const byDefault = pair();
    run(off, 20_000, 50, () => {}, 0.2);
    run(byDefault, 20_000, 50, () => {}, 0.2);
    expect(byDefault.r.stableDelay).toBe(10);
    expect(byDefault.r.effectiveStepSize).toBeCloseTo(0.5 * (10 / 50), 12);
    expect(distance(off.r)).toBeGreaterThan(1);
    expect(distance(byDefault.r)).toBeLessThan(1e-9);
    expect(distance(byDefault.a)).toBeLessThan(1e-9);
  });
});
