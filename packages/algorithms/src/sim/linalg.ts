/** Dense Float64 linear algebra for the exact optima (normal equations, Newton) and metrics. */
import type { Vector } from '../node';

export function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

export function norm(a: Vector): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − b‖. */
export function distance(a: Vector, b: Vector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const diff = (a[k] as number) - (b[k] as number);
    s += diff * diff;
  }
  return Math.sqrt(s);
}

/** Row-major d×d: H ← H + w·a aᵀ on the upper triangle only (call symmetrize afterwards). */
export function addOuterUpper(h: Float64Array, d: number, row: Float64Array, offset: number, weight: number): void {
  for (let j = 0; j < d; j++) {
    const aj = weight * (row[offset + j] as number);
    if (aj === 0) continue;
    const base = j * d;
    for (let k = j; k < d; k++) h[base + k] = (h[base + k] as number) + aj * (row[offset + k] as number);
  }
}

export function symmetrizeFromUpper(h: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) for (let k = j + 1; k < d; k++) h[k * d + j] = h[j * d + k] as number;
}

/** Lower-triangular Cholesky factor of a symmetric positive definite matrix (a new array). */
export function cholesky(h: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let diag = h[j * d + j] as number;
    for (let k = 0; k < j; k++) diag -= (l[j * d + k] as number) ** 2;
    if (!(diag > 0)) throw new RangeError('matrix is not positive definite (the problem has no unique optimum)');
    const ljj = Math.sqrt(diag);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = h[i * d + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = s / ljj;
    }
  }
  return l;
}

/** Solves (L Lᵀ) x = b given the Cholesky factor. */
export function choleskySolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * d + k] as number) * (y[k] as number);
    y[i] = s / (l[i * d + i] as number);
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < d; k++) s -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = s / (l[i * d + i] as number);
  }
  return x;
}

/** Solves H x = b exactly (Cholesky plus one step of iterative refinement). */
export function solveSpd(h: Float64Array, d: number, b: Float64Array): Float64Array {
  const l = cholesky(h, d);
  const x = choleskySolve(l, d, b);
  const residual = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i] as number;
    for (let k = 0; k < d; k++) s -= (h[i * d + k] as number) * (x[k] as number);
    residual[i] = s;
  }
  const correction = choleskySolve(l, d, residual);
  for (let i = 0; i < d; i++) x[i] = (x[i] as number) + (correction[i] as number);
  return x;
}

/** Largest eigenvalue of a symmetric PSD operator by power iteration (a good estimate, not exact). */
export function largestEigenvalue(apply: (v: Float64Array, out: Float64Array) => void, d: number, iterations = 60): number {
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let out = new Float64Array(d);
  let estimate = 0;
  for (let it = 0; it < iterations; it++) {
    apply(v, out);
    const size = norm(out);
    if (size === 0) return 0;
    const previous = estimate;
    estimate = size;
    for (let k = 0; k < d; k++) out[k] = (out[k] as number) / size;
    [v, out] = [out, v];
    if (it > 5 && Math.abs(estimate - previous) <= 1e-6 * estimate) break;
  }
  return estimate;
}
