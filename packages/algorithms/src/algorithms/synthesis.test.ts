import { describe, expect, it } from 'vitest';
import type { AlgorithmNode, GradientResult, OutgoingMessage, ReceiveResult } from '../node';
import { SynthesisNode } from './synthesis';
import { deliver, incoming, only, options, toArray, treeView } from './test-support';

/** Root "r" with leaf "a"; x⁰ = 0, η = 1. */
function pair(params: Record<string, number> = {}, extra: { joinFromParent?: boolean } = {}) {
  const all = { q: 10, delta: 1, ...params };
  return {
    r: new SynthesisNode(options(treeView('r', { children: ['a'] }), [0, 0], { params: all })),
    a: new SynthesisNode(options(treeView('a', { parent: 'r' }), [0, 0], { params: all, ...extra })),
  };
}

const replies = (result: ReceiveResult): readonly OutgoingMessage[] => (result.accepted ? result.replies : []);
const grads = (...values: number[][]): GradientResult => ({ grads: values.map((v) => Float64Array.from(v)), loss: 0 });

/** plan() must ask for gradients: returns the points and the batch. */
function planned(node: AlgorithmNode): { at: number[][]; batch: string } {
  const plan = node.plan();
  if (plan.kind !== 'gradient') throw new Error(`expected a gradient plan, got wait: ${plan.reason}`);
  return { at: plan.at.map((p) => toArray(p)), batch: plan.batch };
}

/** Both through checkpoint 0 at x⁰ (full gradients [2, 0] and [0, 4]: v = [1, 2], x₁ = [−1, −2]). */
function afterFirstCheckpoint(params: Record<string, number> = {}) {
  const { r, a } = pair(params);
  expect(planned(a)).toEqual({ at: [[0, 0]], batch: 'full' });
  const sum = only(a.complete(grads([2, 0])), () => true);
  expect([sum.kind, sum.to, sum.seq, toArray(sum.payload)]).toEqual(['reduce', 'r', 0, [2, 0, 1]]);
  expect(deliver(r, 'a', sum)).toEqual({ accepted: true, replies: [] });
  expect(planned(r)).toEqual({ at: [[0, 0]], batch: 'full' });
  const pairMessage = only(r.complete(grads([0, 4])), () => true);
  expect(a.plan()).toMatchObject({ kind: 'wait' });
  expect(deliver(a, 'r', pairMessage).accepted).toBe(true);
  return { r, a, pairMessage };
}

describe('SYNTHESIS node', () => {
  it('checkpoint: full gradients are summed up the tree, the root steps with their mean and sends the pair down', () => {
    const { r, a, pairMessage } = afterFirstCheckpoint();
    expect([pairMessage.kind, pairMessage.to, pairMessage.seq, toArray(pairMessage.payload)]).toEqual(['broadcast', 'a', 1, [-1, -2, 0, 0]]);
    expect(r.iteration).toBe(1);
    expect(toArray(a.model())).toEqual([-1, -2]);
    // Between checkpoints: the difference of two consecutive iterates, on one minibatch.
    expect(planned(a)).toEqual({ at: [[-1, -2], [0, 0]], batch: 'minibatch' });
  });

  it('the root applies a worker difference at once: v ← v + δ, x ← x − ηv', () => {
    const { r, a } = afterFirstCheckpoint();
    planned(a);
    const difference = only(a.complete(grads([3, 1], [2, 0])), () => true);
    expect([difference.kind, difference.to, difference.seq, toArray(difference.payload)]).toEqual(['gradient-difference', 'r', 1, [1, 1]]);
    const down = only(replies(deliver(r, 'a', difference)), () => true);
    // v = [1, 2] + [1, 1]; x₂ = [−1, −2] − [2, 3].
    expect(toArray(r.model())).toEqual([-3, -5]);
    expect([down.seq, toArray(down.payload)]).toEqual([2, [-3, -5, -1, -2]]);
    expect(r.differenceCounts()).toMatchObject({ applied: 1 });
  });

  it('rejects a difference staler than Δ, and counts it', () => {
    const { r, a } = afterFirstCheckpoint({ delta: 1 });
    planned(a);
    const late = only(a.complete(grads([1, 0], [0, 0])), () => true); // pair s = 1
    planned(r);
    r.complete(grads([0, 0], [0, 0])); // k = 2
    planned(r);
    r.complete(grads([0, 0], [0, 0])); // k = 3: a's s = 1 is now 2 updates stale
    const before = toArray(r.model());
    expect(deliver(r, 'a', late)).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(toArray(r.model())).toEqual(before);
    expect(r.differenceCounts()).toMatchObject({ applied: 2, 'too-stale': 1 });
    expect(r.rejected()).toEqual({ 'stale-seq': 1 });
  });

  it('every q updates a new checkpoint: differences straddling it are refused, pending ones discarded', () => {
    const { r, a } = afterFirstCheckpoint({ q: 2, delta: 5 });
    planned(a);
    const early = only(a.complete(grads([1, 0], [0, 0])), () => true);
    planned(a); // a starts another difference at s = 1
    const checkpoint = only(replies(deliver(r, 'a', early)), () => true); // k = 2 = k_c + q
    expect([checkpoint.kind, checkpoint.seq, toArray(checkpoint.payload)]).toEqual(['checkpoint', 2, toArray(r.model())]);
    expect(replies(deliver(a, 'r', checkpoint))).toEqual([]);
    expect(a.complete(grads([5, 5], [0, 0]))).toEqual([]); // overtaken by the checkpoint
    expect(planned(a)).toEqual({ at: [toArray(r.model())], batch: 'full' });
    expect(r.receive(incoming('a', 'gradient-difference', [1, 1], { seq: 2 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(r.differenceCounts()).toMatchObject({ applied: 1, 'before-checkpoint': 1 });
  });

  it('relays differences up and pairs down through an intermediate node', () => {
    const size = 3;
    const params = { q: 10, delta: 3 };
    const m = new SynthesisNode(options(treeView('m', { parent: 'r', children: ['l'], size }), [0, 0], { params }));
    const relayed = only(replies(m.receive(incoming('l', 'gradient-difference', [1, 2], { seq: 4 }))), () => true);
    expect([relayed.kind, relayed.to, relayed.seq, toArray(relayed.payload)]).toEqual(['gradient-difference', 'r', 4, [1, 2]]);
    const forwarded = only(replies(m.receive(incoming('r', 'checkpoint', [0, 0], { seq: 0 }))), () => true); // a resend: pass it on
    expect([forwarded.kind, forwarded.to]).toEqual(['checkpoint', 'l']);
    planned(m);
    m.complete(grads([1, 1]));
    const fromL = incoming('l', 'reduce', [3, 3, 1]);
    const up = only(replies(m.receive(fromL)), () => true);
    expect([up.kind, up.to, toArray(up.payload)]).toEqual(['reduce', 'r', [4, 4, 2]]);
    const down = only(replies(m.receive(incoming('r', 'broadcast', [1, 1, 0, 0], { seq: 1 }))), () => true);
    expect([down.kind, down.to, down.seq]).toEqual(['broadcast', 'l', 1]);
    expect(toArray(m.model())).toEqual([1, 1]);
    expect(m.receive(incoming('r', 'broadcast', [1, 1, 0, 0], { seq: 1 }))).toEqual({ accepted: false, reason: 'stale-seq' });
  });

  it('under loss: a blocked root resends the checkpoint, and a child that already contributed resends its sum', () => {
    const { r, a } = pair();
    planned(a);
    const lost = only(a.complete(grads([2, 0])), () => true);
    expect(lost.kind).toBe('reduce');
    planned(r);
    expect(r.complete(grads([0, 4]))).toEqual([]);
    const again = only(r.retransmit(), () => true);
    expect([again.kind, again.to, again.seq]).toEqual(['checkpoint', 'a', 0]);
    const answer = only(replies(deliver(a, 'r', again)), () => true);
    expect([answer.kind, toArray(answer.payload)]).toEqual(['reduce', [2, 0, 1]]);
    expect(deliver(r, 'a', answer).accepted).toBe(true);
    expect(r.iteration).toBe(1);
    expect(r.retransmit()).toEqual([]);
  });

  it('a new epoch restarts at a checkpoint of the root at its current iterate; a joiner adopts it', () => {
    const { r } = afterFirstCheckpoint();
    const start = only(r.setTopology(treeView('r', { children: ['j'], epoch: 1 })), () => true);
    expect([start.kind, start.to, start.epoch, start.seq, toArray(start.payload)]).toEqual(['checkpoint', 'j', 1, 0, [-1, -2]]);
    const j = new SynthesisNode(options(treeView('j', { parent: 'r', epoch: 1 }), [9, 9], { params: { q: 10 }, joinFromParent: true }));
    expect(j.plan()).toMatchObject({ kind: 'wait' });
    deliver(j, 'r', start);
    expect(toArray(j.model())).toEqual([-1, -2]);
    expect(planned(j)).toEqual({ at: [[-1, -2]], batch: 'full' });
  });

  it('refuses strangers, malformed payloads and foreign kinds; validates q and Δ', () => {
    const { r, a } = pair();
    const outcomes = [
      r.receive(incoming('x', 'gradient-difference', [1, 1], { seq: 1 })),
      r.receive(incoming('a', 'gradient-difference', [1], { seq: 1 })),
      a.receive(incoming('r', 'broadcast', [1, 1], { seq: 1 })),
      a.receive(incoming('x', 'checkpoint', [1, 1], { seq: 1 })),
      r.receive(incoming('a', 'reduce', [1, 1, -2])),
      a.receive(incoming('r', 'model', [1, 1])),
    ];
    expect(outcomes.map((o) => (o.accepted ? 'accepted' : o.reason))).toEqual([
      'not-a-neighbour',
      'wrong-size',
      'wrong-size',
      'not-a-neighbour',
      'wrong-size',
      'unexpected-kind',
    ]);
    expect(() => pair({ q: 0 })).toThrow(/q must be a positive integer/);
    expect(() => pair({ delta: -1 })).toThrow(/delta/);
    const defaults = new SynthesisNode(options(treeView('r', { children: ['a', 'b'] }), [0]));
    expect([defaults.schedule.period, defaults.schedule.maxStaleness]).toEqual([24, 12]);
  });
});
