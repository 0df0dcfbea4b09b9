/** Steps to target vs number of tabs, one curve per method, for one task (results/bench-scaling-TASK.svg). */
import { lineChartSvg } from '../../../packages/algorithms/src/sim/cli/line-chart';
import type { TrainingTask } from '@canopy/protocol';
import { SLOW_LINKS } from './scaling-runs';

export interface ScalingSeries {
  readonly name: string;
  /** (tabs, steps to target); a method that never reached the target is left out at that N. */
  readonly points: readonly { readonly nodes: number; readonly steps: number | undefined }[];
}

export function scalingPlotSvg(task: TrainingTask, series: readonly ScalingSeries[]): string {
  return lineChartSvg({
    title: `${task.label}: steps per tab to target (links: delay ${SLOW_LINKS.delay}, pacing ${SLOW_LINKS.pacing} steps)`,
    xLabel: 'tabs (N)',
    yLabel: 'steps per tab to target (lower is better)',
    yAxis: { kind: 'log' },
    seriesAttribute: 'method',
    series: series.map((s) => ({
      name: s.name,
      points: s.points.map((p) => ({ x: p.nodes, y: p.steps ?? Number.NaN })),
    })),
  });
}
