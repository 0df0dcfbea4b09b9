/**
 * How fast the benchmark's neighbour nodes step. A real neighbour computes on its own machine; here its CPU
 * would be taken from the measured node's 2 cores. What the measured node must feel is the neighbour's
 * traffic, and that is bounded by the link: latest-wins drops whatever a link cannot carry. So a neighbour
 * steps no faster than one real step, and no faster than its link can carry one running sum (f64).
 */
export function neighbourPaceMs(options: { readonly stepMs: number; readonly dimension: number; readonly linkMegabytesPerSecond: number }): number {
  const { stepMs, dimension, linkMegabytesPerSecond } = options;
  if (!(stepMs > 0) || !(dimension > 0)) throw new RangeError('step time and dimension must be positive');
  const runningSumBytes = dimension * Float64Array.BYTES_PER_ELEMENT;
  const linkMs = linkMegabytesPerSecond > 0 && Number.isFinite(linkMegabytesPerSecond) ? runningSumBytes / (linkMegabytesPerSecond * 1e6) * 1000 : 0;
  return Math.max(stepMs, linkMs);
}
