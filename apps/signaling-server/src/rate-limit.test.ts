import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then refills at the given rate without exceeding capacity', () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 3, perSecond: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 499;
    expect(bucket.take()).toBe(false); // 0.998 tokens
    now = 500;
    expect(bucket.take()).toBe(true);
    now = 60_000; // a long idle period refills only up to capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });

  it('does not mint tokens when the clock goes backwards', () => {
    let now = 1000;
    const bucket = new TokenBucket({ capacity: 1, perSecond: 1 }, () => now);
    expect(bucket.take()).toBe(true);
    now = 0;
    expect(bucket.take()).toBe(false);
  });
});
