/**
 * The hot vector updates of a training step, each with its JavaScript loop and, when every array lives in
 * one VectorArena, the arena's SIMD kernel (bit-for-bit the same results: ./vector-kernels-wat). A node
 * whose vectors are plain arrays, or in float64, simply gets the loop.
 */
import type { Vector } from '../node';
import type { VectorArena } from './vector-arena';

function inArena(arena: VectorArena | undefined, ...views: ArrayBufferView[]): arena is VectorArena {
  return arena !== undefined && views.every((view) => arena.owns(view));
}

function sameLength(what: string, n: number, ...vectors: ArrayLike<number>[]): void {
  // A kernel trusts its counts: a short array would let it write over its neighbour in the arena.
  for (const vector of vectors) if (vector.length !== n) throw new RangeError(`${what}: vectors of length ${vector.length} and ${n}`);
}

/** Steps 1–2 before mixing: v ← x − γ·z, out ← s·v. */
export function descend(arena: VectorArena | undefined, x: Vector, z: Float64Array, v: Vector, out: Vector, gamma: number, self: number): void {
  const n = v.length;
  sameLength('descend', n, x, z, out);
  if (x instanceof Float32Array && v instanceof Float32Array && out instanceof Float32Array && inArena(arena, x, z, v, out)) {
    arena.kernels.descend32(x.byteOffset, z.byteOffset, v.byteOffset, out.byteOffset, n, gamma, self);
    return;
  }
  for (let k = 0; k < n; k++) {
    const descended = (x[k] as number) - gamma * (z[k] as number);
    v[k] = descended;
    out[k] = self * descended;
  }
}

/**
 * Step 4: z ← z + (g⁺ − g), g ← g⁺. `stage` (an arena vector of the same length) receives a float32
 * gradient first, since the gradient arrives in ordinary memory: one copy, far cheaper than the loop.
 */
export function track(arena: VectorArena | undefined, z: Float64Array, g: Float64Array, grad: Vector, stage: Float32Array | undefined): void {
  const n = z.length;
  sameLength('track', n, g, grad);
  if (grad instanceof Float32Array && stage !== undefined && stage.length === n && inArena(arena, z, g, stage)) {
    if (grad !== stage) stage.set(grad);
    arena.kernels.track32(z.byteOffset, g.byteOffset, stage.byteOffset, n);
    return;
  }
  for (let k = 0; k < n; k++) {
    const fresh = grad[k] as number;
    z[k] = (z[k] as number) + (fresh - (g[k] as number));
    g[k] = fresh;
  }
}

/** Plain SGD: x ← x − η·g (the benchmark's bare baseline; `stage` as in track). */
export function sgd(arena: VectorArena | undefined, x: Vector, grad: Vector, eta: number, stage: Float32Array | undefined): void {
  const n = x.length;
  sameLength('sgd', n, grad);
  if (x instanceof Float32Array && grad instanceof Float32Array && stage !== undefined && stage.length === n && inArena(arena, x, stage)) {
    if (grad !== stage) stage.set(grad);
    arena.kernels.sgd32(x.byteOffset, stage.byteOffset, n, eta);
    return;
  }
  for (let k = 0; k < n; k++) x[k] = (x[k] as number) - eta * (grad[k] as number);
}
