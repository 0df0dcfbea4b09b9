import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../node';
import { DpsgdNode } from './dpsgd';
import { constant, deliver, gossipView, incoming, options, step, toArray, treeView } from './test-support';

/** Node "a" of a 3-node ring (every node neighbours the other two, weights ⅓), x⁰ = 3, η = 1. */
function ringNode(extra: Parameters<typeof options>[2] = {}) {
  return new DpsgdNode(options(gossipView('a', ['b', 'c']), [3], extra));
}

const repliesOf = (result: ReturnType<DpsgdNode['receive']>) => (result.accepted ? result.replies : []);

describe('D-PSGD node', () => {
  it('mixes round 0 at once (everyone starts from x⁰) and sends x¹ to every neighbour', () => {
    const node = ringNode();
    const messages = step(node, constant([1]));
    expect(messages.map((m) => [m.kind, m.to, m.seq, toArray(m.payload)[0]])).toEqual([
      ['gossip', 'b', 1, 2],
      ['gossip', 'c', 1, 2],
    ]);
  });

  it('computes while waiting, then holds a barrier until every neighbour model of the round is in', () => {
    const node = ringNode();
    step(node, constant([1]));
    expect(step(node, constant([0.5]))).toEqual([]);
    expect(node.plan()).toMatchObject({ kind: 'wait' });
    expect(repliesOf(node.receive(incoming('b', 'gossip', [5], { seq: 1 })))).toEqual([]);
    const out = repliesOf(node.receive(incoming('c', 'gossip', [8], { seq: 1 })));
    // x² = ⅓(2 + 5 + 8) − 0.5
    expect(out.map((m) => [m.seq, toArray(m.payload)[0]])).toEqual([[2, 4.5], [2, 4.5]]);
  });

  it('keeps a neighbour model one round ahead, refuses older rounds and duplicates', () => {
    const node = ringNode();
    step(node, constant([1])); // now in round 1
    expect(node.receive(incoming('b', 'gossip', [7], { seq: 2 })).accepted).toBe(true);
    expect(node.receive(incoming('b', 'gossip', [5], { seq: 1 })).accepted).toBe(true);
    expect(node.receive(incoming('b', 'gossip', [5], { seq: 1 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(node.receive(incoming('b', 'gossip', [5], { seq: 0 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(node.receive(incoming('b', 'gossip', [Number.NaN], { seq: 1 }))).toEqual({ accepted: false, reason: 'non-finite' });
    expect(node.receive(incoming('z', 'gossip', [1], { seq: 1 }))).toEqual({ accepted: false, reason: 'not-a-neighbour' });
    expect(node.receive(incoming('b', 'hello', [2, 0]))).toEqual({ accepted: false, reason: 'unexpected-kind' });
    step(node, constant([0]));
    const out = repliesOf(node.receive(incoming('c', 'gossip', [8], { seq: 1 })));
    expect(out.map((m) => toArray(m.payload)[0])).toEqual([5, 5]);
    // b's round-2 model was kept: round 2 only needs c's.
    step(node, constant([0]));
    const round3 = repliesOf(node.receive(incoming('c', 'gossip', [2], { seq: 2 })));
    expect(round3.map((m) => m.seq)).toEqual([3, 3]);
    expect(toArray(round3[0]?.payload as Float64Array)[0]).toBeCloseTo(14 / 3, 14);
  });

  it('retransmits x^k to all and x^(k−1) to neighbours that may still be a round behind', () => {
    const node = ringNode();
    step(node, constant([1]));
    node.receive(incoming('b', 'gossip', [5], { seq: 1 }));
    step(node, constant([0]));
    const resent = node.retransmit();
    expect(resent.map((m) => [m.to, m.seq, toArray(m.payload)[0]])).toEqual([
      ['b', 1, 2],
      ['c', 1, 2],
      ['c', 0, 3],
    ]);
  });

  it('on a two-trees topology, learns degrees by hello and mixes with Metropolis weights', () => {
    const root = new DpsgdNode(options(treeView('r', { children: ['a', 'b'] }), [0]));
    const leaf = new DpsgdNode(options(treeView('a', { parent: 'r', size: 3 }), [3]));
    const first = step(leaf, constant([0]));
    expect(first.map((m) => [m.kind, m.to, toArray(m.payload)])).toEqual([['hello', 'r', [1, 1]]]);
    expect(leaf.plan()).toMatchObject({ kind: 'wait' });
    const answer = repliesOf(deliver(root, 'a', first[0] as OutgoingMessage));
    expect(answer.map((m) => [m.kind, m.to, toArray(m.payload)])).toEqual([['hello', 'a', [2, 0]]]);
    const mixed = repliesOf(deliver(leaf, 'r', answer[0] as OutgoingMessage));
    // w_ar = 1/(1 + max(1, 2)) = ⅓; round 0 uses x⁰ = 3 for both (common start).
    expect(mixed.map((m) => [m.kind, m.seq, toArray(m.payload)[0]])).toEqual([['gossip', 1, 3]]);
    expect(root.receive(incoming('a', 'hello', [0.5, 0]))).toEqual({ accepted: false, reason: 'wrong-size' });
  });

  it('a joiner adopts its pull parent model and announces it; a new epoch restarts at round 0', () => {
    const joiner = ringNode({ joinFromParent: true });
    expect(joiner.plan()).toMatchObject({ kind: 'wait' });
    const announce = repliesOf(joiner.receive(incoming('b', 'gossip', [6], { seq: 4 })));
    expect(announce.map((m) => [m.to, m.seq, toArray(m.payload)[0]])).toEqual([['b', 4, 6], ['c', 4, 6]]);
    expect(joiner.plan().kind).toBe('gradient');

    const node = ringNode();
    step(node, constant([1]));
    const restart = node.setTopology(gossipView('a', ['b'], { epoch: 1 }));
    expect(restart.map((m) => [m.to, m.epoch, m.seq, toArray(m.payload)[0]])).toEqual([['b', 1, 0, 2]]);
    expect(node.receive(incoming('b', 'gossip', [1], { seq: 0 }))).toEqual({ accepted: false, reason: 'stale-epoch' });
  });
});
