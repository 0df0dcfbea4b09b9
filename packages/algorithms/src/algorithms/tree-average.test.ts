import { describe, expect, it } from 'vitest';
import type { OutgoingMessage, ReceiveResult, Vector } from '../node';
import { freshPayload } from './options';
import { incoming, only, toArray, treeView } from './test-support';
import { TreeAverage } from './tree-average';

/** Root "r" over "m", which is the parent of leaf "l"; plus leaf "b" under the root. */
function chain() {
  const make = (id: string, spot: Parameters<typeof treeView>[1]) =>
    new TreeAverage(2, 'f64', freshPayload, treeView(id, { size: 4, ...spot }));
  return {
    r: make('r', { children: ['m', 'b'] }),
    m: make('m', { parent: 'r', children: ['l'] }),
    l: make('l', { parent: 'm' }),
    b: make('b', { parent: 'r' }),
  };
}

const v = (values: number[]): Vector => Float64Array.from(values);
const replies = (result: ReceiveResult): readonly OutgoingMessage[] => (result.accepted ? result.replies : []);
/** Hands a message to the TreeAverage it is addressed to. */
const send = (to: TreeAverage, from: string, message: OutgoingMessage) =>
  to.receive({ from, kind: message.kind, epoch: message.epoch, seq: message.seq, payload: message.payload });

describe('TreeAverage', () => {
  it('sends weighted partial sums up, divides by the total weight at the root, and passes the mean down', () => {
    const { r, m, l, b } = chain();
    const up = only(l.contribute(v([4, 0]), 1), () => true);
    expect([up.kind, up.to, up.seq, toArray(up.payload)]).toEqual(['reduce', 'm', 0, [4, 0, 1]]);
    expect(send(m, 'l', up)).toEqual({ accepted: true, replies: [] });
    const fromM = only(m.contribute(v([0, 8]), 1), () => true);
    expect(toArray(fromM.payload)).toEqual([4, 8, 2]);
    // A joiner-like weight-0 contribution adds nothing to the mean.
    const fromB = only(b.contribute(v([100, 100]), 0), () => true);
    expect(send(r, 'm', fromM).accepted).toBe(true);
    expect(send(r, 'b', fromB).accepted).toBe(true);
    const down = r.contribute(v([2, 1]), 1);
    expect(down.map((d) => [d.kind, d.to, d.seq])).toEqual([['broadcast', 'm', 0], ['broadcast', 'b', 0]]);
    // (4 + 0 + 2, 0 + 8 + 1) / 3, and the weight-0 values are ignored.
    expect(toArray(r.result(0) as Vector)).toEqual([2, 3]);
    expect(r.round).toBe(1);
    const forwarded = replies(send(m, 'r', down[0] as OutgoingMessage));
    expect(forwarded.map((d) => [d.kind, d.to, d.seq])).toEqual([['broadcast', 'l', 0]]);
    expect(send(l, 'm', forwarded[0] as OutgoingMessage).accepted).toBe(true);
    expect(toArray(l.result(0) as Vector)).toEqual([2, 3]);
    expect(l.result(1)).toBeUndefined();
  });

  it('retransmits the partial sum while waiting, and a parent a round ahead answers with the mean', () => {
    const { b } = chain();
    const r2 = new TreeAverage(2, 'f64', freshPayload, treeView('r', { children: ['b'] }));
    const sum = only(b.contribute(v([2, 2]), 1), () => true);
    send(r2, 'b', sum);
    const down = only(r2.contribute(v([0, 0]), 1), () => true); // lost on the way to b
    expect(down.seq).toBe(0);
    const again = only(b.retransmit(), () => true);
    expect([again.kind, again.seq, toArray(again.payload)]).toEqual(['reduce', 0, [2, 2, 1]]);
    const answer = only(replies(send(r2, 'b', again)), () => true);
    expect([answer.kind, answer.to, answer.seq, toArray(answer.payload)]).toEqual(['broadcast', 'b', 0, [1, 1]]);
    expect(send(b, 'r', answer).accepted).toBe(true);
    expect(toArray(b.result(0) as Vector)).toEqual([1, 1]);
    expect(b.retransmit()).toEqual([]);
    expect(r2.retransmit()).toEqual([]);
  });

  it('refuses strangers, duplicates, malformed sums and foreign kinds with reasons', () => {
    const { r, m, l } = chain();
    const up = only(l.contribute(v([1, 1]), 1), () => true);
    send(m, 'l', up);
    const outcomes = [
      send(m, 'l', up),
      m.receive(incoming('x', 'reduce', [1, 1, 1])),
      m.receive(incoming('l', 'reduce', [1, 1])),
      m.receive(incoming('l', 'reduce', [1, 1, -1], { seq: 1 })),
      m.receive(incoming('l', 'reduce', [1, Number.NaN, 1], { seq: 1 })),
      m.receive(incoming('l', 'reduce', [1, 1, 1], { epoch: 1, seq: 1 })),
      m.receive(incoming('b', 'broadcast', [1, 1])),
      m.receive(incoming('r', 'broadcast', [1, 1])), // m has not sent its sum up yet
      r.receive(incoming('m', 'gossip', [1, 1])),
    ];
    expect(outcomes.map((o) => (o.accepted ? 'accepted' : o.reason))).toEqual([
      'stale-seq',
      'not-a-neighbour',
      'wrong-size',
      'wrong-size',
      'non-finite',
      'future-epoch',
      'not-a-neighbour',
      'stale-seq',
      'unexpected-kind',
    ]);
  });

  it('restarts at round 0 on reset and forgets what was in flight', () => {
    const { l } = chain();
    l.contribute(v([1, 1]), 1);
    l.reset(treeView('l', { parent: 'm', epoch: 1 }));
    expect(l.round).toBe(0);
    expect(l.hasContributed).toBe(false);
    expect(l.retransmit()).toEqual([]);
    const up = only(l.contribute(v([3, 3]), 1), () => true);
    expect([up.epoch, up.seq]).toEqual([1, 0]);
  });

  it('refuses a topology that is not a tree', () => {
    const ring = { ...treeView('a', { parent: 'b' }), push: { selfWeight: 1 / 3, in: [], out: [{ peer: 'b', weight: 1 / 3 }, { peer: 'c', weight: 1 / 3 }] } };
    expect(() => new TreeAverage(1, 'f64', freshPayload, ring)).toThrow(/tree/);
  });
});
