import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

const draw = (seed: number, n: number) => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRandom', () => {
  it('is reproducible per seed and differs across seeds', () => {
    expect(draw(42, 5)).toEqual(draw(42, 5));
    expect(draw(42, 5)).not.toEqual(draw(43, 5));
  });

  it('draws uniforms in [0, 1) with the right mean, integers in range, and standard normals', () => {
    const r = createRandom(7);
    const n = 20000;
    let sum = 0;
    let normalSum = 0;
    let normalSquares = 0;
    const counts = [0, 0, 0];
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (u < 0 || u >= 1) outside++;
      sum += u;
      const k = r.int(3);
      counts[k] = (counts[k] as number) + 1;
      const z = r.normal();
      normalSum += z;
      normalSquares += z * z;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(counts.every((c) => Math.abs(c / n - 1 / 3) < 0.02)).toBe(true);
    expect(normalSum / n).toBeCloseTo(0, 1);
    expect(normalSquares / n).toBeCloseTo(1, 1);
  });

  it('forks independent, reproducible streams', () => {
    const a = createRandom(1).fork();
    const b = createRandom(1).fork();
    expect(a.next()).toBe(b.next());
    const parent = createRandom(1);
    const child = parent.fork();
    expect(child.next()).not.toBe(parent.next());
  });
});
