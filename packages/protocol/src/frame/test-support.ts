/** Helpers shared by this folder's tests (not exported from the package). */

/** Seeded uniform [0, 1) generator (mulberry32): deterministic stochastic rounding in tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A deterministic vector of `length` values spread over roughly ±scale. */
export function sampleVector(length: number, seed: number, scale = 10, Type: typeof Float32Array | typeof Float64Array = Float32Array): Float32Array | Float64Array {
  const random = seededRandom(seed);
  const out = new Type(length);
  for (let i = 0; i < length; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}

/** Element-wise equality (vitest's deep equality is slow on large typed arrays). */
export function sameElements(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
