import { describe, expect, it } from 'vitest';
import { dirichlet, gamma, permutation, seededRandom } from './random';

describe('seeded randomness', () => {
  it('repeats exactly for a seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('permutation contains each index once', () => {
    expect([...permutation(100, seededRandom(1))].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('gamma draws have the right mean for shapes below and above 1', () => {
    const random = seededRandom(5);
    for (const shape of [0.2, 3]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += gamma(shape, random);
      expect(sum / 20_000).toBeCloseTo(shape, 1);
    }
  });

  it('dirichlet draws are probability vectors, concentrated for small alpha', () => {
    const random = seededRandom(6);
    let maxSmall = 0;
    let maxLarge = 0;
    for (let i = 0; i < 200; i++) {
      const small = dirichlet(0.05, 5, random);
      const large = dirichlet(50, 5, random);
      expect(small.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      maxSmall += Math.max(...small) / 200;
      maxLarge += Math.max(...large) / 200;
    }
    expect(maxSmall).toBeGreaterThan(0.8);
    expect(maxLarge).toBeLessThan(0.35);
  });
});
