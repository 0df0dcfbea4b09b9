import { describe, expect, it } from 'vitest';
import { PayloadPool } from './payload-pool';

describe('PayloadPool', () => {
  it('hands back a released buffer for the same length only', () => {
    const pool = new PayloadPool(1000);
    const first = pool.take(100);
    expect(first.length).toBe(100);
    pool.release(first);
    expect(pool.freeBytes).toBe(100);
    expect(pool.take(96)).not.toBe(first);
    expect(pool.take(100)).toBe(first);
    expect(pool.freeBytes).toBe(0);
  });

  it('keeps a lent buffer out of reach until the next lend', () => {
    const pool = new PayloadPool(1000);
    const lent = pool.take(100);
    pool.lend(lent);
    expect(pool.take(100)).not.toBe(lent); // still in the caller's hands
    pool.lend(undefined); // the next delivery does not come from the pool (e.g. a single chunk)
    expect(pool.take(100)).toBe(lent);
  });

  it('never holds more than maxFreeBytes idle: the oldest idle buffers go first', () => {
    const pool = new PayloadPool(250);
    const [a, b, c] = [pool.take(100), pool.take(100), pool.take(100)];
    for (const buffer of [a, b, c]) pool.release(buffer);
    expect(pool.freeBytes).toBe(200);
    expect(pool.take(100)).toBe(b);
    expect(pool.take(100)).toBe(c);
    expect(pool.take(100)).not.toBe(a);
    pool.release(pool.take(251)); // larger than the cap: not kept
    expect(pool.freeBytes).toBe(0);
  });
});
