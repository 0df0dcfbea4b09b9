/**
 * Statistics for the browser benchmark (pure): step intervals from timestamps, robust summaries, throughput.
 * Medians and percentiles, not means, are the headline figures: a held-out evaluation every few seconds or
 * a scheduler hiccup on a shared machine makes a few steps very long without saying anything about the rest.
 */

export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const low = sorted[below] as number;
  return low + (position - below) * ((sorted[above] as number) - low);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, median: Number.NaN, p10: Number.NaN, p90: Number.NaN, mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  return {
    count: values.length,
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Differences between consecutive timestamps (one fewer than the timestamps). */
export function intervals(timestamps: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < timestamps.length; i++) out.push((timestamps[i] as number) - (timestamps[i - 1] as number));
  return out;
}

/** Megabytes (10⁶ bytes) per second for `bytes` moved in `ms` milliseconds. */
export function megabytesPerSecond(bytes: number, ms: number): number {
  if (!(ms > 0)) return Number.NaN;
  return bytes / 1e6 / (ms / 1000);
}

/** numerator / denominator, NaN when either is not a positive finite number. */
export function ratio(numerator: number, denominator: number): number {
  const usable = (x: number): boolean => Number.isFinite(x) && x > 0;
  return usable(numerator) && usable(denominator) ? numerator / denominator : Number.NaN;
}

/** Drops the first `warmup` entries (JIT, first shader/wasm compilation, links filling up). */
export function afterWarmup<T>(values: readonly T[], warmup: number): T[] {
  return values.slice(Math.max(0, warmup));
}
