import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('pops by time, ties in insertion order (any sequence)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const queue = new EventQueue<number>();
        times.forEach((t, i) => queue.push(t, i));
        const popped: number[] = [];
        for (let item = queue.pop(); item !== undefined; item = queue.pop()) popped.push(item);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((e) => e.i);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('reports the next time and its size, Infinity when empty, and refuses NaN times', () => {
    const queue = new EventQueue<string>();
    expect(queue.peekTime()).toBe(Infinity);
    queue.push(3, 'c');
    queue.push(1, 'a');
    expect(queue.peekTime()).toBe(1);
    expect(queue.size).toBe(2);
    expect(() => queue.push(Number.NaN, 'x')).toThrow(/NaN/);
  });
});
