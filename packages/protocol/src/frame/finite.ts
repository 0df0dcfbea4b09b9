/** Whether every element is finite (no NaN, no ±Inf): the receiver's last check before delivery. */
export function allFinite(values: Float32Array | Float64Array): boolean {
  // x * 0 is ±0 for finite x and NaN for NaN/±Inf, so one NaN poisons the sum; four accumulators
  // break the dependency chain (this loop is on the hot path of every received vector).
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = values.length;
  const unrolled = n - (n % 4);
  let i = 0;
  for (; i < unrolled; i += 4) {
    a += values[i]! * 0;
    b += values[i + 1]! * 0;
    c += values[i + 2]! * 0;
    d += values[i + 3]! * 0;
  }
  for (; i < n; i++) a += values[i]! * 0;
  return a + b + c + d === 0;
}

/** Index of the first non-finite element, or -1 (used only to explain a rejection). */
export function firstNonFinite(values: Float32Array | Float64Array): number {
  return values.findIndex((v) => !Number.isFinite(v));
}
