/**
 * Figures of a text-task demo run, from its polls: each tab's held-out bits per character over time, the room's
 * (mean over the tabs that have one), when the root tab first got to a given level, and the plot. Pure.
 */
import { lineChartSvg, type ChartSeries } from '../../../packages/algorithms/src/sim/cli/line-chart';
import type { Poll } from '../../../apps/demo/src/result';

export interface BitsPoint {
  readonly t: number;
  readonly bits: number;
}

const bitsOf = (nats: number | null | undefined): number | null => (nats === null || nats === undefined || !Number.isFinite(nats) ? null : nats / Math.LN2);

/** Mean held-out bits per character of the tabs that have one, at each poll that has any. */
export function meanBitsCurve(polls: readonly Poll[]): BitsPoint[] {
  return polls.flatMap((poll) => {
    const values = poll.tabs.map((s) => bitsOf(s?.heldOutLoss)).filter((b): b is number => b !== null);
    return values.length === 0 ? [] : [{ t: poll.t, bits: values.reduce((a, b) => a + b, 0) / values.length }];
  });
}

/** Seconds until the root tab's held-out figure is ≤ `bits` (null: never). */
export function rootTimeToBits(polls: readonly Poll[], bits: number): number | null {
  for (const poll of polls) {
    const root = poll.tabs.find((s) => s?.isRoot === true);
    const value = bitsOf(root?.heldOutLoss);
    if (value !== null && value <= bits) return poll.t;
  }
  return null;
}

/** The last mean figure (null when no tab ever evaluated). */
export function finalBits(polls: readonly Poll[]): number | null {
  return meanBitsCurve(polls).at(-1)?.bits ?? null;
}

export function bitsPlotSvg(title: string, runs: readonly { readonly name: string; readonly polls: readonly Poll[] }[], levels: readonly { readonly name: string; readonly bits: number; readonly until: number }[]): string {
  const series: ChartSeries[] = [
    ...runs.map((run) => ({ name: run.name, points: meanBitsCurve(run.polls).map((p) => ({ x: p.t, y: p.bits })) })),
    ...levels.map((level) => ({ name: level.name, points: [{ x: 0, y: level.bits }, { x: level.until, y: level.bits }] })),
  ];
  return lineChartSvg({
    title,
    xLabel: 'seconds of training',
    yLabel: 'held-out bits per character (lower is better)',
    yAxis: { kind: 'linear', min: 3, max: 7, ticks: 8 },
    seriesAttribute: 'run',
    series,
  });
}
