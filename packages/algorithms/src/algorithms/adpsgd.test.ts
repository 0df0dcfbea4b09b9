import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../node';
import { AdpsgdNode } from './adpsgd';
import { constant, deliver, gossipView, incoming, only, options, step, toArray } from './test-support';

function node(id: string, neighbours: string[], x0: number, extra: Parameters<typeof options>[2] = {}) {
  return new AdpsgdNode(options(gossipView(id, neighbours), [x0], { learningRate: 0.5, ...extra }));
}

const repliesOf = (result: ReturnType<AdpsgdNode['receive']>) => (result.accepted ? result.replies : []);

describe('AD-PSGD node', () => {
  it('steps locally, then asks the neighbour its PRNG picks to average', () => {
    const a = node('a', ['b', 'c'], 4, { random: () => 0.7 });
    const request = only(step(a, constant([2])), () => true);
    expect(request).toMatchObject({ kind: 'pair-request', to: 'c', seq: 1 });
    expect(toArray(request.payload)).toEqual([3]);
  });

  it('pairs atomically: the partner replies with its model before averaging; both end at the mean', () => {
    const a = node('a', ['b'], 4);
    const b = node('b', ['a'], 10);
    const request = only(step(a, constant([2])), () => true);
    const reply = only(repliesOf(deliver(b, 'a', request)), () => true);
    expect(reply).toMatchObject({ kind: 'pair-reply', to: 'a', seq: 1 });
    expect(toArray(reply.payload)).toEqual([10]);
    expect(toArray(b.model())).toEqual([6.5]);
    expect(deliver(a, 'b', reply).accepted).toBe(true);
    expect(toArray(a.model())).toEqual([6.5]);
  });

  it('never waits; a reply still counts after the next request, but a duplicate or foreign one is refused', () => {
    const a = node('a', ['b'], 4);
    const first = only(step(a, constant([0])), () => true);
    expect(a.plan().kind).toBe('gradient');
    const second = only(step(a, constant([0])), () => true);
    expect(second.seq).toBe(first.seq + 1);
    expect(a.receive(incoming('b', 'pair-reply', [8], { seq: first.seq })).accepted).toBe(true);
    expect(toArray(a.model())).toEqual([6]);
    expect(a.receive(incoming('b', 'pair-reply', [8], { seq: first.seq }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(a.receive(incoming('b', 'pair-reply', [8], { seq: 99 }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(a.receive(incoming('c', 'pair-reply', [8], { seq: second.seq }))).toEqual({ accepted: false, reason: 'not-a-neighbour' });
    expect(a.receive(incoming('b', 'pair-request', [Number.POSITIVE_INFINITY]))).toEqual({ accepted: false, reason: 'non-finite' });
    expect(a.receive(incoming('b', 'gossip', [1]))).toEqual({ accepted: false, reason: 'unexpected-kind' });
    expect(toArray(a.model())).toEqual([6]);
  });

  it('forgets requests older than the last few', () => {
    const a = node('a', ['b'], 0);
    const first = only(step(a, constant([0])), () => true);
    for (let i = 0; i < 8; i++) step(a, constant([0]));
    expect(a.receive(incoming('b', 'pair-reply', [8], { seq: first.seq }))).toEqual({ accepted: false, reason: 'stale-seq' });
    expect(a.receive(incoming('b', 'pair-reply', [8], { seq: first.seq + 1 })).accepted).toBe(true);
  });

  it('a joiner adopts the first model that pairs with it and answers with that same model', () => {
    const joiner = node('j', ['b'], 0, { joinFromParent: true });
    expect(joiner.plan()).toMatchObject({ kind: 'wait' });
    const reply = only(repliesOf(joiner.receive(incoming('b', 'pair-request', [5], { seq: 3 }))), () => true);
    expect(toArray(reply.payload)).toEqual([5]);
    expect(toArray(joiner.model())).toEqual([5]);
    expect(joiner.plan().kind).toBe('gradient');
  });

  it('a new epoch forgets the outstanding request', () => {
    const a = node('a', ['b'], 1);
    const request = only(step(a, constant([0])), () => true);
    a.setTopology(gossipView('a', ['b'], { epoch: 1 }));
    const lateReply: OutgoingMessage = { to: 'a', kind: 'pair-reply', epoch: 1, seq: request.seq, payload: Float64Array.from([9]) };
    expect(deliver(a, 'b', lateReply)).toEqual({ accepted: false, reason: 'stale-seq' });
  });
});
