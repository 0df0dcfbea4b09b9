import { describe, expect, it } from 'vitest';
import type { OutgoingMessage, ReceiveResult } from '../node';
import { OverlapLocalSgdNode } from './overlap-local-sgd';
import { constant, deliver, incoming, only, options, step, toArray, treeView } from './test-support';

/** Root "r" with leaf "a"; x⁰ = [10, 10], η = 1, τ = 2, α = β = ½. */
function pair(extra: { joinFromParent?: boolean } = {}) {
  const params = { tau: 2, alpha: 0.5, beta: 0.5 };
  return {
    r: new OverlapLocalSgdNode(options(treeView('r', { children: ['a'] }), [10, 10], { params })),
    a: new OverlapLocalSgdNode(options(treeView('a', { parent: 'r' }), [10, 10], { params, ...extra })),
  };
}

const replies = (result: ReceiveResult): readonly OutgoingMessage[] => (result.accepted ? result.replies : []);

/** Both nodes through their first sync; the leaf's contribution is returned, not yet delivered. */
function firstSync() {
  const nodes = pair();
  step(nodes.a, constant([2, 0]));
  const fromA = only(step(nodes.a, constant([2, 0])), () => true);
  step(nodes.r, constant([0, 2]));
  expect(step(nodes.r, constant([0, 2]))).toEqual([]); // the root waits for its child's sum
  return { ...nodes, fromA };
}

describe('Overlap-Local-SGD node', () => {
  it('first sync: anchors on the common x⁰ (not zero), pulls back, and contributes without waiting', () => {
    const { a, fromA } = firstSync();
    // x = [6, 10] after two steps; pulled back halfway to x⁰: [8, 10]; m = (x⁰ − x)/η; contribution x⁰ − ηm = x.
    expect(toArray(a.model())).toEqual([8, 10]);
    expect([fromA.kind, fromA.to, fromA.seq, toArray(fromA.payload)]).toEqual(['reduce', 'r', 0, [8, 10, 1]]);
    expect(toArray(a.anchor())).toEqual([10, 10]);
    expect(a.plan().kind).toBe('gradient'); // the average runs in the background
  });

  it('next sync: waits for the previous average, makes it the anchor, and applies anchor momentum', () => {
    const { r, a, fromA } = firstSync();
    const down = only(replies(deliver(r, 'a', fromA)), () => true);
    expect([down.kind, toArray(down.payload)]).toEqual(['broadcast', [9, 9]]); // mean of [8, 10] and [10, 8]
    step(a, constant([0, 0]));
    expect(step(a, constant([0, 0]))).toEqual([]);
    expect(a.plan()).toMatchObject({ kind: 'wait', reason: 'sync: waiting for the average of round 0' });
    const sync = only(replies(deliver(a, 'r', down)), () => true);
    expect(toArray(a.anchor())).toEqual([9, 9]);
    // x = ½[8, 10] + ½[9, 9] = [8.5, 9.5]; m = ½[2, 0] + (z − x) = [1.5, −0.5]; contribution z − m.
    expect(toArray(a.model())).toEqual([8.5, 9.5]);
    expect([sync.kind, sync.seq, toArray(sync.payload)]).toEqual(['reduce', 1, [7.5, 9.5, 1]]);
    expect(a.plan().kind).toBe('gradient');
  });

  it('overlaps: an average that arrives during the local steps is used at the next sync without waiting', () => {
    const { r, a, fromA } = firstSync();
    deliver(a, 'r', only(replies(deliver(r, 'a', fromA)), () => true));
    expect(toArray(a.anchor())).toEqual([10, 10]); // held until the next sync
    step(a, constant([0, 0]));
    const sync = only(step(a, constant([0, 0])), () => true);
    expect([sync.kind, sync.seq]).toEqual(['reduce', 1]);
    expect(toArray(a.anchor())).toEqual([9, 9]);
  });

  it('a joiner contributes weight 0 to the next average and adopts it as model and anchor', () => {
    const { r, a } = pair({ joinFromParent: true });
    expect(a.plan()).toMatchObject({ kind: 'wait' });
    const up = only(a.retransmit(), () => true);
    expect(toArray(up.payload)).toEqual([0, 0, 0]);
    step(r, constant([1, 1]));
    step(r, constant([1, 1]));
    const down = only(replies(deliver(r, 'a', up)), () => true);
    deliver(a, 'r', down);
    // The root's own contribution: x = [8, 8] pulled back halfway to [10, 10].
    expect(toArray(a.model())).toEqual([9, 9]);
    expect(toArray(a.anchor())).toEqual([9, 9]);
    expect(a.plan().kind).toBe('gradient');
  });

  it('a new epoch abandons the average in flight: a blocked node syncs at once with its anchor', () => {
    const { a } = firstSync();
    step(a, constant([0, 0]));
    step(a, constant([0, 0]));
    expect(a.plan().kind).toBe('wait');
    const resync = only(a.setTopology(treeView('a', { parent: 'r', epoch: 1 })), () => true);
    expect([resync.kind, resync.epoch, resync.seq]).toEqual(['reduce', 1, 0]);
    expect(toArray(a.anchor())).toEqual([10, 10]);
    expect(a.plan().kind).toBe('gradient');
  });

  it('validates its hyper-parameters and refuses foreign messages', () => {
    const make = (params: Record<string, number>) => () => new OverlapLocalSgdNode(options(treeView('r'), [0], { params }));
    expect(make({ alpha: 1 })).toThrow(/alpha must be a number in \(0, 1\)/);
    expect(make({ tau: 1.5 })).toThrow(/tau/);
    expect(make({ beta: -0.1 })).toThrow(/beta/);
    const node = make({})();
    expect([node.tau, node.alpha, node.beta]).toEqual([2, 0.6, 0.7]);
    expect(node.receive(incoming('x', 'model', [1])).accepted).toBe(false);
    expect(node.rejected()).toEqual({ 'unexpected-kind': 1 });
  });
});
