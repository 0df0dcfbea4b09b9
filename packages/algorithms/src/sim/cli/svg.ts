/** SVG plots, one curve per algorithm: relative error (convex problems) or held-out accuracy (real models) vs virtual time. */
import type { SimResult } from '../index';
import { lineChartSvg } from './line-chart';

export { escapeXml } from './line-chart';

export function toSvg(results: readonly SimResult[], title: string): string {
  return lineChartSvg({
    title,
    xLabel: 'virtual time',
    yLabel: 'relative error of the mean model',
    yAxis: { kind: 'log' },
    seriesAttribute: 'algorithm',
    series: results.map((r) => ({
      name: r.config.algorithm,
      points: r.samples.map((s) => ({ x: s.time, y: s.relErrorMean })),
    })),
  });
}

export function toAccuracySvg(results: readonly SimResult[], title: string): string {
  return lineChartSvg({
    title,
    xLabel: 'virtual time (one step = 1)',
    yLabel: 'held-out accuracy of the mean model',
    yAxis: { kind: 'linear', min: 0, max: 1 },
    seriesAttribute: 'algorithm',
    series: results.map((r) => ({
      name: r.config.algorithm,
      points: r.samples.map((s) => ({ x: s.time, y: s.accuracy ?? Number.NaN })),
    })),
  });
}
