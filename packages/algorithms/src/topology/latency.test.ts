import { describe, expect, it } from 'vitest';
import { latencyCost } from './latency';

describe('latencyCost', () => {
  it('reads the forward entry, falls back to the reverse one, else Infinity', () => {
    const m = { a: { b: 3 }, c: { a: 7 } };
    expect(latencyCost(m, 'a', 'b')).toBe(3);
    expect(latencyCost(m, 'b', 'a')).toBe(3);
    expect(latencyCost(m, 'a', 'c')).toBe(7);
    expect(latencyCost(m, 'b', 'c')).toBe(Infinity);
  });

  it('ignores invalid measurements and prototype members', () => {
    expect(latencyCost({ a: { b: -1 } }, 'a', 'b')).toBe(Infinity);
    expect(latencyCost({ a: { b: NaN }, b: { a: 4 } }, 'a', 'b')).toBe(4);
    expect(latencyCost({}, 'constructor', 'toString')).toBe(Infinity);
  });
});
