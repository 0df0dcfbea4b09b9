import type { OutgoingMessage } from '@canopy/algorithms';
import type { MessageKind } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';

function message(to: string, kind: MessageKind, seq: number, value = seq): OutgoingMessage {
  return { to, kind, epoch: 1, seq, payload: Float64Array.of(value, value) };
}

function outbox() {
  const forwarded: OutgoingMessage[] = [];
  return { box: new Outbox((m) => forwarded.push(m)), forwarded };
}

describe('Outbox', () => {
  it('forwards at once to a peer the page has not listed yet (a link being created)', () => {
    const { box, forwarded } = outbox();
    box.offer(message('a', 'model', 1));
    box.offer(message('a', 'model', 2));
    expect(forwarded.map((m) => m.seq)).toEqual([1, 2]);
    expect(box.sendsNow('a', 'model')).toBe(false); // never gate-open for an unknown peer
  });

  it('holds the newest message per (peer, kind) until the link is ready, counting what it replaced', () => {
    const { box, forwarded } = outbox();
    box.update({ peers: ['a', 'b'], ready: [] });
    box.offer(message('a', 'model', 1));
    box.offer(message('a', 'model', 2));
    box.offer(message('b', 'model', 7));
    expect(forwarded).toEqual([]);
    expect(box.superseded.get('a')).toBe(1);
    box.update({ peers: ['a', 'b'], ready: [{ peer: 'a', kind: 'model', seen: 0 }] });
    expect(forwarded.map((m) => [m.to, m.seq])).toEqual([['a', 2]]);
    expect(box.heldCount).toBe(1); // b's still waits
  });

  it('uses a grant once: the same snapshot again releases nothing, one that saw the forwarded message does', () => {
    const { box, forwarded } = outbox();
    const grant = (seen: number) => ({ peers: ['a'], ready: [{ peer: 'a', kind: 'tracker' as const, seen }] });
    box.update(grant(0));
    expect(box.sendsNow('a', 'tracker')).toBe(true);
    box.offer(message('a', 'tracker', 1));
    expect(forwarded).toHaveLength(1);
    expect(box.sendsNow('a', 'tracker')).toBe(false);
    // A snapshot taken before the page received message 1 (it crossed it in flight) must not open the gate.
    box.update(grant(0));
    box.offer(message('a', 'tracker', 2));
    expect(forwarded).toHaveLength(1);
    box.update(grant(1));
    expect(forwarded.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('merges unsent additive increments instead of replacing them (no mass lost)', () => {
    const { box, forwarded } = outbox();
    box.update({ peers: ['a'], ready: [] });
    box.offer(message('a', 'tracker-increment', 1, 1));
    box.offer(message('a', 'tracker-increment', 2, 2));
    box.update({ peers: ['a'], ready: [{ peer: 'a', kind: 'tracker-increment', seen: 0 }] });
    expect(forwarded).toHaveLength(1);
    expect(Array.from(forwarded[0]?.payload ?? [])).toEqual([3, 3]);
  });

  it('never lets an older message replace a newer one', () => {
    const { box, forwarded } = outbox();
    box.update({ peers: ['a'], ready: [] });
    box.offer(message('a', 'model', 5));
    box.offer(message('a', 'model', 4));
    box.update({ peers: ['a'], ready: [{ peer: 'a', kind: 'model', seen: 0 }] });
    expect(forwarded.map((m) => m.seq)).toEqual([5]);
  });

  it('drops what it held for a link that is gone, and everything on clear()', () => {
    const { box, forwarded } = outbox();
    box.update({ peers: ['a', 'b'], ready: [] });
    box.offer(message('a', 'model', 1));
    box.offer(message('b', 'model', 1));
    box.update({ peers: ['b'], ready: [] });
    expect(box.heldCount).toBe(1);
    box.clear();
    expect(box.heldCount).toBe(0);
    box.update({ peers: ['a', 'b'], ready: [{ peer: 'a', kind: 'model', seen: 0 }, { peer: 'b', kind: 'model', seen: 0 }] });
    expect(forwarded).toEqual([]);
  });

  it('sendsNow is false while a message of that kind is held, true for a ready link with nothing held', () => {
    const { box } = outbox();
    box.update({ peers: ['a'], ready: [{ peer: 'a', kind: 'model', seen: 0 }] });
    expect(box.sendsNow('a', 'model')).toBe(true);
    expect(box.sendsNow('a', 'tracker')).toBe(false);
  });
});
