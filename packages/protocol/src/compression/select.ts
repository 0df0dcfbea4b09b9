/** Indices of the k largest |values| (ties broken by lower index), in increasing index order. */

/** The k-th largest of `scratch` (1-based), reordering it: iterative quickselect with a median-of-three pivot. */
function kthLargest(scratch: Float64Array, k: number): number {
  let lo = 0;
  let hi = scratch.length - 1;
  const target = k - 1; // position in descending order
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = scratch[lo]!;
    const b = scratch[mid]!;
    const c = scratch[hi]!;
    const pivot = a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (scratch[i]! > pivot) i++;
      while (scratch[j]! < pivot) j--;
      if (i <= j) {
        const t = scratch[i]!;
        scratch[i] = scratch[j]!;
        scratch[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return scratch[target]!;
  }
  return scratch[target]!;
}

export function topKIndices(values: ArrayLike<number>, k: number): Uint32Array {
  const n = values.length;
  const count = Math.max(0, Math.min(k, n));
  if (count === 0) return new Uint32Array(0);
  const magnitudes = new Float64Array(n);
  for (let i = 0; i < n; i++) magnitudes[i] = Math.abs(values[i]!);
  const threshold = kthLargest(magnitudes.slice(), count);
  let above = 0;
  for (let i = 0; i < n; i++) if (magnitudes[i]! > threshold) above++;
  let ties = count - above;
  const picked = new Uint32Array(count);
  let m = 0;
  for (let i = 0; i < n && m < count; i++) {
    const magnitude = magnitudes[i]!;
    if (magnitude > threshold || (magnitude === threshold && ties-- > 0)) picked[m++] = i;
  }
  return picked;
}
