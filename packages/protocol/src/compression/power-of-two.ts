/**
 * Exact scaling by 2^e. A single factor 2^e overflows or underflows for |e| > 1023, so large shifts go in two
 * steps; both the encoder and the decoder use this function, so their results agree bit for bit.
 */
export function scaleByPowerOfTwo(x: number, e: number): number {
  if (e >= -1000 && e <= 1000) return x * 2 ** e;
  const half = Math.trunc(e / 2);
  return x * 2 ** half * 2 ** (e - half);
}

/** floor(log2 |x|) for a finite non-zero x, exact (Math.log2 can be off by one next to powers of two). */
export function exponentOf(x: number): number {
  const abs = Math.abs(x);
  let e = Math.floor(Math.log2(abs));
  if (scaleByPowerOfTwo(1, e) > abs) e--;
  else if (scaleByPowerOfTwo(1, e + 1) <= abs) e++;
  return e;
}
