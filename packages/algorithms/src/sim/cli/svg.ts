/** SVG plot: relative error of the mean model vs virtual time, log y axis, one curve per algorithm. */
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
