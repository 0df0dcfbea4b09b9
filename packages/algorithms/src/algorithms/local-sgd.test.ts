import { describe, expect, it } from 'vitest';
import { LocalSgdNode } from './local-sgd';
import { constant, deliver, incoming, only, options, step, toArray, treeView } from './test-support';

/** Root "r" with leaf "a", H = 2, η = 1. */
function pair(extra: { joinFromParent?: boolean } = {}) {
  const params = { H: 2 };
  return {
    r: new LocalSgdNode(options(treeView('r', { children: ['a'] }), [0, 0], { params })),
    a: new LocalSgdNode(options(treeView('a', { parent: 'r' }), [0, 0], { params, ...extra })),
  };
}

describe('Local SGD node', () => {
  it('takes H local steps, then averages the models over the tree and carries on from the mean', () => {
    const { r, a } = pair();
    expect(step(r, constant([1, 0]))).toEqual([]);
    expect(step(r, constant([1, 0]))).toEqual([]); // the root's sum waits for its child
    expect(toArray(r.model())).toEqual([-2, 0]);
    expect(r.plan()).toMatchObject({ kind: 'wait' });
    expect(step(a, constant([0, 2]))).toEqual([]);
    const up = only(step(a, constant([0, 2])), () => true);
    expect([up.kind, up.to, toArray(up.payload)]).toEqual(['reduce', 'r', [0, -4, 1]]);
    const result = deliver(r, 'a', up);
    const down = only(result.accepted ? result.replies : [], () => true);
    expect(toArray(r.model())).toEqual([-1, -2]);
    expect(toArray(a.lastAverage())).toEqual([0, 0]); // x⁰ until the first average arrives
    expect(deliver(a, 'r', down).accepted).toBe(true);
    expect(toArray(a.model())).toEqual([-1, -2]);
    expect(toArray(a.lastAverage())).toEqual([-1, -2]);
    // The next period starts from the mean, and takes H steps again before the next average.
    const next = a.plan();
    expect(next.kind === 'gradient' && toArray(next.at[0] as Float64Array)).toEqual([-1, -2]);
    expect(a.complete({ grads: [Float64Array.from([1, 1])], loss: 0 })).toEqual([]);
    expect(a.steps).toBe(3);
  });

  it('retransmits its sum while waiting; the root answers a late child with the mean', () => {
    const { r, a } = pair();
    step(a, constant([0, 0]));
    const up = only(step(a, constant([0, 2])), () => true);
    step(r, constant([0, 0]));
    step(r, constant([0, 0]));
    deliver(r, 'a', up); // the broadcast back to a is lost
    expect(a.plan()).toMatchObject({ kind: 'wait', reason: 'waiting for the average of round 0' });
    const again = only(a.retransmit(), () => true);
    const answer = deliver(r, 'a', again);
    deliver(a, 'r', only(answer.accepted ? answer.replies : [], () => true));
    expect(toArray(a.model())).toEqual([0, -1]);
    expect(a.plan().kind).toBe('gradient');
  });

  it('a joiner contributes weight 0 and adopts the next mean', () => {
    const { r, a } = pair({ joinFromParent: true });
    expect(a.plan()).toMatchObject({ kind: 'wait', reason: 'joining: waiting for the next average' });
    const up = only(a.retransmit(), () => true);
    expect(toArray(up.payload)).toEqual([0, 0, 0]);
    step(r, constant([3, 1]));
    step(r, constant([3, 1]));
    const result = deliver(r, 'a', up);
    expect(toArray(r.model())).toEqual([-6, -2]); // the root's own model: the joiner has weight 0
    deliver(a, 'r', only(result.accepted ? result.replies : [], () => true));
    expect(toArray(a.model())).toEqual([-6, -2]);
    expect(a.plan().kind).toBe('gradient');
  });

  it('a node waiting for an average re-contributes its model in round 0 of a new epoch', () => {
    const { a } = pair();
    step(a, constant([1, 1]));
    const first = only(step(a, constant([1, 1])), () => true);
    expect(first.epoch).toBe(0);
    const again = only(a.setTopology(treeView('a', { parent: 'r', epoch: 1 })), () => true);
    expect([again.kind, again.epoch, again.seq, toArray(again.payload)]).toEqual(['reduce', 1, 0, [-2, -2, 1]]);
    expect(a.setTopology(treeView('a', { parent: 'r', epoch: 1 }))).toEqual([]);
  });

  it('counts refused messages and rejects a bad H', () => {
    const { r } = pair();
    const refused = [r.receive(incoming('a', 'gossip', [1, 1])), r.receive(incoming('z', 'reduce', [1, 1, 1]))];
    expect(refused.map((o) => (o.accepted ? 'accepted' : o.reason))).toEqual(['unexpected-kind', 'not-a-neighbour']);
    expect(r.rejected()).toEqual({ 'unexpected-kind': 1, 'not-a-neighbour': 1 });
    expect(() => new LocalSgdNode(options(treeView('r'), [0], { params: { H: 0 } }))).toThrow(/H must be a positive integer/);
    expect(new LocalSgdNode(options(treeView('r'), [0])).period).toBe(4);
  });
});
