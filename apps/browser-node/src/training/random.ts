/**
 * Seeded randomness for everything that must be reproducible across tabs (x⁰, shards, minibatch order).
 * Never Math.random: two nodes given the same seed must derive exactly the same numbers.
 */

/** A PRNG returning floats in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough for shuffling and initialisation (not for cryptography). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream seed from a base seed and a label (e.g. per node, per purpose). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, random: Random): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i] as number;
    values[i] = values[j] as number;
    values[j] = tmp;
  }
  return values;
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, random: Random): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, random);
}

/** Standard normal by Box–Muller. */
export function normal(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) is avoided
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 uses the boost Gamma(a) = Gamma(a+1)·U^(1/a). */
export function gamma(shape: number, random: Random): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One draw from a symmetric Dirichlet(α, …, α) over k categories. */
export function dirichlet(alpha: number, k: number, random: Random): Float64Array {
  const out = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const g = gamma(alpha, random);
    out[i] = g;
    sum += g;
  }
  // With tiny α every gamma draw can underflow to 0: fall back to one random category taking everything.
  if (sum === 0) {
    out[Math.floor(random() * k)] = 1;
    return out;
  }
  for (let i = 0; i < k; i++) out[i] = (out[i] as number) / sum;
  return out;
}
