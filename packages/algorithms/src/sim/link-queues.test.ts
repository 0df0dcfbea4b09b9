import type { MessageKind } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { LinkQueues, shapes } from './link-queues';

interface Message {
  readonly kind: MessageKind;
  readonly epoch: number;
  readonly seq: number;
  readonly payload: Float64Array;
}

const message = (kind: MessageKind, seq: number, values: number[] = [seq]): Message => ({ kind, epoch: 0, seq, payload: Float64Array.from(values) });
const bytes = (m: Message): number => m.payload.byteLength;

describe('LinkQueues', () => {
  it('shapes nothing by default', () => {
    expect(shapes({ pacing: 0, bandwidth: Number.POSITIVE_INFINITY })).toBe(false);
    expect(shapes({ pacing: 5, bandwidth: Number.POSITIVE_INFINITY })).toBe(true);
    expect(shapes({ pacing: 0, bandwidth: 1000 })).toBe(true);
  });

  it('a paced kind leaves at most once per interval, and only its newest state', () => {
    const queues = new LinkQueues<Message>({ pacing: 5, bandwidth: Number.POSITIVE_INFINITY }, bytes);
    queues.offer(1, message('model', 1));
    expect(queues.pump(1, 0).departures.map((d) => d.message.seq)).toEqual([1]);
    expect(queues.offer(1, message('model', 2))).toEqual([]);
    const superseded = queues.offer(1, message('model', 3));
    expect(superseded.map((m) => m.seq)).toEqual([2]);
    const held = queues.pump(1, 2);
    expect(held.departures).toEqual([]);
    expect(held.next).toBe(5);
    expect(queues.pump(1, 5).departures.map((d) => d.message.seq)).toEqual([3]);
    expect(queues.pump(1, 5).next).toBeUndefined();
  });

  it('an older message never replaces a newer one, and additive increments merge', () => {
    const queues = new LinkQueues<Message>({ pacing: 5, bandwidth: Number.POSITIVE_INFINITY }, bytes);
    queues.offer(1, message('model', 1));
    queues.pump(1, 0);
    queues.offer(1, message('model', 4));
    expect(queues.offer(1, message('model', 3)).map((m) => m.seq)).toEqual([3]);
    queues.offer(2, message('tracker-increment', 1, [1, 2]));
    queues.offer(2, message('tracker-increment', 2, [10, 20]));
    const [merged] = queues.pump(2, 0).departures;
    expect(Array.from(merged!.message.payload)).toEqual([11, 22]);
  });

  it('unpaced kinds (per-round messages) are not held by pacing', () => {
    const queues = new LinkQueues<Message>({ pacing: 5, bandwidth: Number.POSITIVE_INFINITY }, bytes);
    queues.offer(1, message('reduce', 1));
    queues.pump(1, 0);
    queues.offer(1, message('reduce', 2));
    expect(queues.pump(1, 0.1).departures.map((d) => d.message.seq)).toEqual([2]);
  });

  it('bandwidth: one message on the wire at a time, each for its bytes / bandwidth', () => {
    // 16 bytes per message at 8 bytes per time unit: 2 units each.
    const queues = new LinkQueues<Message>({ pacing: 0, bandwidth: 8 }, bytes);
    queues.offer(1, message('model', 1, [1, 2]));
    queues.offer(1, message('tracker', 1, [1, 2]));
    const first = queues.pump(1, 10);
    expect(first.departures.map((d) => [d.message.kind, d.sentAt])).toEqual([['model', 12]]);
    expect(first.next).toBe(12);
    expect(queues.pump(1, 12).departures.map((d) => [d.message.kind, d.sentAt])).toEqual([['tracker', 14]]);
    // Links are independent.
    queues.offer(2, message('model', 1, [1, 2]));
    expect(queues.pump(2, 12).departures.map((d) => d.sentAt)).toEqual([14]);
  });

  it('drain hands back what a link held', () => {
    const queues = new LinkQueues<Message>({ pacing: 5, bandwidth: Number.POSITIVE_INFINITY }, bytes);
    queues.offer(1, message('model', 1));
    queues.pump(1, 0);
    queues.offer(1, message('model', 2));
    expect(queues.drain(1).map((m) => m.seq)).toEqual([2]);
    expect(queues.pump(1, 100).departures).toEqual([]);
  });

  it('refuses a negative pacing or a non-positive bandwidth', () => {
    expect(() => new LinkQueues<Message>({ pacing: -1, bandwidth: 1 }, bytes)).toThrow(/pacing/);
    expect(() => new LinkQueues<Message>({ pacing: 0, bandwidth: 0 }, bytes)).toThrow(/bandwidth/);
  });
});
