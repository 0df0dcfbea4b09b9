/**
 * Curves for the charts: every run resampled on one time grid (seconds since the run's first sample), so
 * runs of different lengths and nodes reporting at different moments line up for uPlot, which wants one
 * shared x array. A node's value at a grid time is its newest report at or before it, if not older than
 * `holdMs` (a node that stopped reporting leaves a gap instead of a flat line).
 */
import type { PeerId } from '@canopy/protocol';
import { runLabel, type RunRecord, type RunSample } from './runs';

export type ChartMetric = 'accuracy' | 'loss';
export type SeriesRole = 'node' | 'mean' | 'overlay';

export interface ChartSeries {
  /** Stable identity: the chart is rebuilt only when the list of keys changes. */
  readonly key: string;
  readonly label: string;
  readonly metric: ChartMetric;
  readonly role: SeriesRole;
  readonly peer: PeerId | null;
  readonly runId: number;
  readonly values: (number | null)[];
}

export interface ChartData {
  /** Seconds since the start of each run. */
  readonly xs: number[];
  readonly series: ChartSeries[];
  /** Consensus spread of the current run: max − min held-out accuracy across nodes (null with < 2 nodes). */
  readonly spread: (number | null)[];
}

export interface ChartOptions {
  readonly maxPoints: number;
  readonly minBinMs: number;
  readonly holdMs: number;
}

export const DEFAULT_CHART: ChartOptions = { maxPoints: 600, minBinMs: 1_000, holdMs: 5_000 };

const METRIC_VALUE: Record<ChartMetric, (s: RunSample) => number | null> = {
  accuracy: (s) => s.heldOutAccuracy,
  // Held-out loss where the node reports it (a language model's perplexity curve), else its train loss.
  loss: (s) => {
    const value = s.heldOutLoss ?? s.loss;
    return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
  },
};

const duration = (run: RunRecord): number => (run.samples.length === 0 ? 0 : run.lastAt - run.firstAt);

export function timeGrid(runs: readonly RunRecord[], options: ChartOptions): number[] {
  const longest = Math.max(0, ...runs.map(duration));
  const binMs = Math.max(options.minBinMs, Math.ceil(longest / options.maxPoints));
  const points = Math.floor(longest / binMs) + 1;
  return Array.from({ length: points }, (_, k) => k * binMs);
}

/** Each peer's metric on the grid (offsets in ms from the run's first sample). */
export function resample(run: RunRecord, metric: ChartMetric, grid: readonly number[], holdMs: number): Map<PeerId, (number | null)[]> {
  const byPeer = new Map<PeerId, RunSample[]>();
  for (const s of run.samples) {
    const list = byPeer.get(s.peerId) ?? [];
    list.push(s);
    byPeer.set(s.peerId, list);
  }
  const value = METRIC_VALUE[metric];
  const out = new Map<PeerId, (number | null)[]>();
  for (const [peer, samples] of byPeer) {
    samples.sort((a, b) => a.at - b.at);
    const values: (number | null)[] = [];
    let next = 0;
    let latest: RunSample | undefined;
    for (const t of grid) {
      while (next < samples.length && (samples[next] as RunSample).at - run.firstAt <= t) latest = samples[next++];
      values.push(latest !== undefined && t - (latest.at - run.firstAt) <= holdMs ? value(latest) : null);
    }
    out.set(peer, values);
  }
  return out;
}

function across(columns: readonly (readonly (number | null)[])[], length: number, reduce: (values: number[]) => number | null): (number | null)[] {
  return Array.from({ length }, (_, k) => {
    const values = columns.map((column) => column[k]).filter((v): v is number => typeof v === 'number');
    return values.length === 0 ? null : reduce(values);
  });
}

export const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const spreadOf = (values: readonly number[]): number | null => (values.length < 2 ? null : Math.max(...values) - Math.min(...values));

export function buildChartData(current: RunRecord | undefined, overlays: readonly RunRecord[], options: ChartOptions = DEFAULT_CHART): ChartData {
  const runs = current === undefined ? overlays : [current, ...overlays];
  const grid = timeGrid(runs, options);
  const xs = grid.map((t) => t / 1000);
  const series: ChartSeries[] = [];
  let spread: (number | null)[] = grid.map(() => null);
  if (current !== undefined) {
    for (const metric of ['accuracy', 'loss'] as const) {
      const perPeer = resample(current, metric, grid, options.holdMs);
      const peers = [...perPeer.keys()].sort();
      for (const peer of peers) {
        series.push({ key: `${current.runId}:${metric}:${peer}`, label: `${peer} ${metric}`, metric, role: 'node', peer, runId: current.runId, values: perPeer.get(peer) ?? [] });
      }
      const columns = [...perPeer.values()];
      series.push({ key: `${current.runId}:${metric}:mean`, label: `mean ${metric}`, metric, role: 'mean', peer: null, runId: current.runId, values: across(columns, grid.length, mean) });
      if (metric === 'accuracy') spread = across(columns, grid.length, spreadOf);
    }
  }
  for (const run of overlays) {
    const columns = [...resample(run, 'accuracy', grid, options.holdMs).values()];
    // Past a run's end its mean is a gap, not the last value held forever.
    const values = across(columns, grid.length, mean);
    series.push({ key: `${run.runId}:accuracy:overlay`, label: `${runLabel(run)} (mean accuracy)`, metric: 'accuracy', role: 'overlay', peer: null, runId: run.runId, values });
  }
  return { xs, series, spread };
}
