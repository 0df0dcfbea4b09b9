import { describe, expect, it } from 'vitest';
import type { GradientResult, Vector } from '../node';
import { PcAsgdNode } from './pc-asgd';
import { predictNeighbour } from './pc-asgd-prediction';
import { gossipView, incoming, only, options, toArray } from './test-support';

/** Node "i" between "a" and "b" (degree 2, Metropolis weights ⅓), x⁰ = 0, α = η = 1. */
function node(params: Record<string, number> = {}, extra: { joinFromParent?: boolean } = {}) {
  return new PcAsgdNode(options(gossipView('i', ['a', 'b']), [0, 0], { params: { lambda: 0, clip: 1, ...params }, ...extra }));
}

/** A neighbour's (model, gradient, degree) message. */
const from = (peer: string, model: number[], gradient: number[], seq = 1) =>
  incoming(peer, 'model-with-gradient', [...model, ...gradient, 2], { seq });

const points = (n: PcAsgdNode): number[][] => {
  const plan = n.plan();
  return plan.kind === 'gradient' ? plan.at.map((p) => toArray(p)) : [];
};

function expectClose(actual: readonly number[] | undefined, expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, k) => expect(actual?.[k]).toBeCloseTo(value, 14));
}

const zeroGradients = (count: number, losses?: number[]): GradientResult => ({
  grads: Array.from({ length: count }, () => new Float64Array(2)),
  loss: 0,
  ...(losses ? { losses } : {}),
});

/** b's model arrives, then i takes two steps that keep x = 0 (b's model is 0 too): b is now 2 steps old. */
function withStaleB(params: Record<string, number> = {}): PcAsgdNode {
  const n = node(params);
  expect(n.receive(from('b', [0, 0], [0, 1])).accepted).toBe(true);
  for (let k = 0; k < 2; k++) {
    const count = points(n).length;
    n.complete(zeroGradients(count, [1, 0]));
  }
  expect(toArray(n.model())).toEqual([0, 0]);
  expect(n.receive(from('a', [3, 0], [1, 0])).accepted).toBe(true);
  return n;
}

describe('PC-ASGD node', () => {
  it('clipping drops the stale neighbour and renormalises; prediction moves it forward by its delay', () => {
    const [predicted, clipped] = points(withStaleB());
    // C = (⅓·x + ⅓·x_a) / (⅓ + ⅓): b is 2 steps old, above clip = 1.
    expectClose(clipped, [1.5, 0]);
    // P = x + ⅓(x̂_a − x) + ⅓(x̂_b − x), x̂_a = x_a (age 0), x̂_b = x_b − α·2·g_b = [0, −2].
    expectClose(predicted, [1, -2 / 3]);
  });

  it('the practical variant steps from the candidate with the lower minibatch loss and sends (x, g, degree)', () => {
    const n = withStaleB();
    points(n);
    const grads = [Float64Array.from([1, 1]), Float64Array.from([0, 0])];
    const messages = n.complete({ grads, loss: 0.5, losses: [0.5, 1] });
    expectClose(toArray(n.model()), [0, -5 / 3]); // P − α g_P
    // Third step of this node: seq 3.
    expect(messages.map((m) => [m.kind, m.to, m.seq])).toEqual([['model-with-gradient', 'a', 3], ['model-with-gradient', 'b', 3]]);
    expect(toArray(only(messages, (m) => m.to === 'a').payload).slice(2)).toEqual([1, 1, 2]);
    const other = withStaleB();
    points(other);
    other.complete({ grads, loss: 1, losses: [1, 0.5] });
    expectClose(toArray(other.model()), [1.5, 0]); // C − α g_C
  });

  it('without per-point losses it mixes both candidates with θ = ½; a fixed θ asks for one gradient', () => {
    const n = withStaleB();
    points(n);
    n.complete({ grads: [Float64Array.from([0, 0]), Float64Array.from([0, 0])], loss: 0 });
    expectClose(toArray(n.model()), [1.25, -1 / 3]);
    const single = points(withStaleB({ theta: 0 }));
    expect(single).toHaveLength(1);
    expectClose(single[0], [1.5, 0]);
    expect(points(node({ theta: 1 }))).toHaveLength(1);
    expect(points(node({ theta: 0.25 }))).toHaveLength(2);
  });

  it('leaves out neighbours older than the horizon: their weight stays with x in both candidates', () => {
    const [predicted, clipped] = points(withStaleB({ horizon: 1 }));
    expectClose(predicted, [1, 0]); // x + ⅓(x_a − x): no trace of b's prediction
    expectClose(clipped, [1, 0]); // (⅔·x + ⅓·x_a) / 1: b's weight went to x, nothing to renormalise
  });

  it('refuses malformed, foreign, stale and unknown messages with reasons', () => {
    const n = node();
    n.receive(from('a', [1, 1], [0, 0], 5));
    const outcomes = [
      n.receive(from('a', [1, 1], [0, 0], 5)),
      n.receive(from('z', [1, 1], [0, 0])),
      n.receive(incoming('a', 'model-with-gradient', [1, 1, 0, 0, 1.5], { seq: 6 })),
      n.receive(incoming('a', 'model-with-gradient', [1, 1, 0, 0], { seq: 6 })),
      n.receive(incoming('a', 'model-with-gradient', [1, Number.POSITIVE_INFINITY, 0, 0, 2], { seq: 6 })),
      n.receive(incoming('a', 'gossip', [1, 1])),
    ];
    expect(outcomes.map((o) => (o.accepted ? 'accepted' : o.reason))).toEqual([
      'stale-seq',
      'not-a-neighbour',
      'wrong-size',
      'wrong-size',
      'non-finite',
      'unexpected-kind',
    ]);
    expect(() => node({ theta: 2 })).toThrow(/theta/);
  });

  it('a joiner waits for the first neighbour model and adopts it', () => {
    const n = node({}, { joinFromParent: true });
    expect(n.plan()).toMatchObject({ kind: 'wait' });
    n.receive(from('b', [4, 5], [0, 0]));
    expect(toArray(n.model())).toEqual([4, 5]);
    expect(n.plan().kind).toBe('gradient');
  });
});

describe('predictNeighbour', () => {
  it('applies x̂ = x_l − ατ(g + λ g⊙g⊙(x_i − x_l)) with the correction coefficient clamped to [0, 1]', () => {
    const out = new Float64Array(2);
    const own: Vector = Float64Array.from([1, 1]);
    predictNeighbour(out, { own, model: [0, 0], gradient: [1, 10], step: 0.1, delay: 2, lambda: 0.5 });
    expect(out[0]).toBeCloseTo(-0.2 - 0.1, 15); // coefficient ατλg² = 0.1
    expect(out[1]).toBeCloseTo(-2 - 1, 15); // 0.2·0.5·100 = 10, clamped to 1
    predictNeighbour(out, { own, model: [0, 0], gradient: [1, 10], step: 0.1, delay: 0, lambda: 0.5 });
    expect(toArray(out)).toEqual([0, 0]); // no delay, no prediction
  });
});
