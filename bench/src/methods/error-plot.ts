/** Relative error vs virtual time, one curve per method, for one scenario (the simulator CLI's chart). */
import { lineChartSvg, type ChartPoint } from '../../../packages/algorithms/src/sim/cli/line-chart';
import { scenarioLabel, SIM_SETTINGS, type SimScenario } from './sim-scenarios';
import type { SimOutcome } from './sim-runs';

/** Enough points for a smooth curve; one per time unit would make a 100 KB file of invisible detail. */
const MAX_POINTS = 200;

export function thin(points: readonly ChartPoint[], max = MAX_POINTS): ChartPoint[] {
  if (points.length <= max) return [...points];
  const every = Math.ceil(points.length / max);
  const kept = points.filter((_, i) => i % every === 0);
  const last = points.at(-1);
  if (last !== undefined && kept.at(-1) !== last) kept.push(last);
  return kept;
}

export function errorPlotSvg(outcomes: readonly SimOutcome[], scenario: SimScenario): string {
  const runs = outcomes.filter((o) => o.scenario.straggler === scenario.straggler && o.scenario.loss === scenario.loss);
  return lineChartSvg({
    title: `All methods: logistic regression, n = ${SIM_SETTINGS.nodes}, d = ${SIM_SETTINGS.dimension}, ${scenarioLabel(scenario)}, seed ${SIM_SETTINGS.seed}`,
    xLabel: 'virtual time',
    yLabel: 'relative error of the mean model',
    yAxis: { kind: 'log' },
    seriesAttribute: 'method',
    series: runs.map((o) => ({ name: o.method, points: thin(o.curve) })),
  });
}
