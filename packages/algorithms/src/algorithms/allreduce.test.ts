import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../node';
import { AllReduceNode } from './allreduce';
import { constant, deliver, gossipView, incoming, only, options, step, toArray, treeView } from './test-support';

/** Root "r" with leaves "a" and "b"; η = 3 over 3 nodes: the root subtracts the plain sum of gradients. */
function tree() {
  const make = (id: string, spot: Parameters<typeof treeView>[1]) => new AllReduceNode(options(treeView(id, { size: 3, ...spot }), [1, 1], { learningRate: 3 }));
  return { r: make('r', { children: ['a', 'b'] }), a: make('a', { parent: 'r' }), b: make('b', { parent: 'r' }) };
}

const reduceOf = (messages: OutgoingMessage[]) => only(messages, (m) => m.kind === 'reduce');

describe('AllReduce node', () => {
  it('reduces gradients up the tree, steps at the root, and broadcasts the new model down', () => {
    const { r, a, b } = tree();
    expect(step(r, constant([1, 0]))).toEqual([]);
    const fromA = reduceOf(step(a, constant([0, 3])));
    expect(fromA).toMatchObject({ to: 'r', seq: 0 });
    const fromB = reduceOf(step(b, constant([2, 0])));
    expect(r.plan()).toMatchObject({ kind: 'wait' });
    expect(deliver(r, 'a', fromA)).toEqual({ accepted: true, replies: [] });
    const result = deliver(r, 'b', fromB);
    const broadcasts = result.accepted ? result.replies : [];
    expect(broadcasts.map((m) => [m.kind, m.to, m.seq])).toEqual([['broadcast', 'a', 1], ['broadcast', 'b', 1]]);
    // x = [1, 1] − (3/3)·([1, 0] + [0, 3] + [2, 0])
    expect(toArray(r.model())).toEqual([-2, -2]);
    expect(deliver(a, 'r', broadcasts[0] as OutgoingMessage).accepted).toBe(true);
    expect(toArray(a.model())).toEqual([-2, -2]);
    const next = a.plan();
    expect(next.kind === 'gradient' && toArray(next.at[0] as Float64Array)).toEqual([-2, -2]);
    expect(a.steps).toBe(1);
  });

  it('waits while blocked, and retransmits its partial sum until the broadcast comes', () => {
    const { r, a, b } = tree();
    step(r, constant([0, 0]));
    deliver(r, 'a', reduceOf(step(a, constant([1, 1]))));
    deliver(r, 'b', reduceOf(step(b, constant([1, 1])))); // the broadcast to a is lost
    expect(a.plan()).toMatchObject({ kind: 'wait', reason: 'waiting for the broadcast' });
    expect(r.retransmit()).toEqual([]);
    const resent = a.retransmit();
    expect(resent.map((m) => [m.kind, m.to, m.seq])).toEqual([['reduce', 'r', 0]]);
    // The root is a round ahead: it answers a stale partial sum with its current model.
    const answer = deliver(r, 'a', resent[0] as OutgoingMessage);
    const replies = answer.accepted ? answer.replies : [];
    expect(replies.map((m) => [m.kind, m.to, m.seq])).toEqual([['broadcast', 'a', 1]]);
    deliver(a, 'r', replies[0] as OutgoingMessage);
    expect(toArray(a.model())).toEqual(toArray(r.model()));
  });

  it('refuses duplicates, strangers, malformed payloads and foreign kinds with reasons', () => {
    const { r, a } = tree();
    step(r, constant([0, 0]));
    const fromA = reduceOf(step(a, constant([1, 1])));
    deliver(r, 'a', fromA);
    const outcomes = [
      deliver(r, 'a', fromA),
      r.receive(incoming('x', 'reduce', [1, 1])),
      r.receive(incoming('b', 'reduce', [1, Number.NaN])),
      r.receive(incoming('b', 'reduce', [1])),
      a.receive(incoming('b', 'broadcast', [1, 1], { seq: 1 })),
      a.receive(incoming('r', 'broadcast', [1, 1], { seq: 0 })),
      a.receive(incoming('r', 'model', [1, 1], { seq: 1 })),
    ];
    expect(outcomes.map((o) => (o.accepted ? 'accepted' : o.reason))).toEqual([
      'stale-seq',
      'not-a-neighbour',
      'non-finite',
      'wrong-size',
      'not-a-neighbour',
      'stale-seq',
      'unexpected-kind',
    ]);
  });

  it('restarts rounds on a new epoch and resends the kept gradient at once', () => {
    const { a } = tree();
    step(a, constant([4, 5]));
    const messages = a.setTopology(treeView('a', { parent: 'r', size: 3, epoch: 1 }));
    const resent = reduceOf(messages);
    expect(resent).toMatchObject({ to: 'r', epoch: 1, seq: 0 });
    expect(toArray(resent.payload)).toEqual([4, 5]);
  });

  it('a joiner contributes a zero gradient, then adopts the broadcast', () => {
    const r = new AllReduceNode(options(treeView('r', { children: ['j'] }), [1, 1], { learningRate: 2 }));
    const j = new AllReduceNode(options(treeView('j', { parent: 'r' }), [9, 9], { learningRate: 2, joinFromParent: true }));
    step(r, constant([2, 4]));
    expect(j.plan()).toMatchObject({ kind: 'wait' });
    const zero = reduceOf(j.retransmit());
    expect(toArray(zero.payload)).toEqual([0, 0]);
    const result = deliver(r, 'j', zero);
    const broadcast = only(result.accepted ? result.replies : [], (m) => m.kind === 'broadcast');
    // x = [1, 1] − (2/2)·([2, 4] + 0)
    expect(toArray(broadcast.payload)).toEqual([-1, -3]);
    deliver(j, 'r', broadcast);
    expect(toArray(j.model())).toEqual([-1, -3]);
    expect(j.plan().kind).toBe('gradient');
  });

  it('refuses a topology that is not a tree', () => {
    expect(() => new AllReduceNode(options(gossipView('a', ['b', 'c']), [0]))).toThrow(/tree/);
  });
});
