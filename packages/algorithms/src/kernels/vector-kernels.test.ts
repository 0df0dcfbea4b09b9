import { describe, expect, it } from 'vitest';
import { VectorArena } from './vector-arena';
import { descend, sgd, track } from './vector-kernels';

/** Values that exercise rounding: wide magnitudes, negative zero, subnormals, odd lengths. */
function values(n: number, seed: number): number[] {
  let state = seed;
  const special = [0, -0, 1e-40, -3e-39, 3.4e38, -1e-7, 123456.789];
  return Array.from({ length: n }, (_, i) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const u = state / 2 ** 32;
    return i % 11 === 5 ? special[i % special.length]! : (u - 0.5) * 10 ** ((i % 9) - 4);
  });
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
}

function arenaFor(n: number): VectorArena {
  return VectorArena.create(VectorArena.bytesFor([4 * n, 4 * n, 4 * n, 4 * n, 8 * n, 8 * n]))!;
}

describe('vector kernels: the SIMD path gives the JavaScript loop’s bits', () => {
  for (const n of [1, 2, 3, 8, 4097]) {
    it(`descend, track and sgd over ${n} elements`, () => {
      const arena = arenaFor(n);
      const [x, v, out, stage] = [arena.float32(n), arena.float32(n), arena.float32(n), arena.float32(n)];
      const [z, g] = [arena.float64(n), arena.float64(n)];
      x.set(values(n, 1));
      z.set(values(n, 2));
      g.set(values(n, 3));
      const grad = Float32Array.from(values(n, 4));
      const plain = { x: Float32Array.from(x), v: new Float32Array(n), out: new Float32Array(n), z: Float64Array.from(z), g: Float64Array.from(g) };

      descend(arena, x, z, v, out, 0.0137, 0.3333333333333333);
      descend(undefined, plain.x, plain.z, plain.v, plain.out, 0.0137, 0.3333333333333333);
      expect(same(v, plain.v) && same(out, plain.out)).toBe(true);

      track(arena, z, g, grad, stage);
      track(undefined, plain.z, plain.g, grad, undefined);
      expect(same(z, plain.z) && same(g, plain.g)).toBe(true);

      sgd(arena, x, grad, 0.05, stage);
      sgd(undefined, plain.x, grad, 0.05, undefined);
      expect(same(x, plain.x)).toBe(true);
    });
  }

  it('takes the kernel only when every vector is in the arena (else the loop: same answer)', () => {
    const n = 5;
    const arena = arenaFor(n);
    const z = arena.float64(n);
    const outside = new Float32Array(values(n, 7));
    const v = new Float32Array(n);
    const out = new Float32Array(n);
    descend(arena, outside, z.fill(1), v, out, 2, 1);
    expect(Array.from(v)).toEqual(Array.from(outside, (x) => Math.fround(x - 2)));
  });

  it('refuses vectors of different lengths instead of writing past one into its neighbour', () => {
    const arena = arenaFor(8);
    const [x, v, out] = [arena.float32(8), arena.float32(7), arena.float32(8)];
    const z = arena.float64(8);
    expect(() => descend(arena, x, z, v, out, 1, 1)).toThrow(RangeError);
    expect(() => track(arena, z, arena.float64(8), new Float32Array(9), arena.float32(8))).toThrow(/length/);
  });
});
