/** The simulator table: one row per (scenario, method), time and bytes to target, final error. Pure. */
import { formatShort } from '../../../packages/algorithms/src/sim/cli/format';
import { formatBytes } from '../../../apps/demo/src/format';
import type { BenchResult, Cell, Target } from '../../section';
import { SIM_SETTINGS, type SimScenario } from './sim-scenarios';
import type { SimOutcome } from './sim-runs';

/** R-FAST with q8 must put at least 3.5× fewer bytes on the wire than plain R-FAST (issue 7). */
const COMPRESSION_GOAL = 1 / 3.5;

export const NOT_REACHED = `> ${SIM_SETTINGS.duration}`;

export const SIM_COLUMNS = [
  'straggler',
  'loss',
  'method',
  'η',
  `time to ${SIM_SETTINGS.target}`,
  `bytes to ${SIM_SETTINGS.target}`,
  'final rel. error',
  'final loss gap',
  `bytes in ${SIM_SETTINGS.duration}`,
] as const;

export function simRow(o: SimOutcome): Cell[] {
  return [
    o.scenario.straggler ? `×${SIM_SETTINGS.straggler}` : 'none',
    String(o.scenario.loss),
    o.method,
    formatShort(o.learningRate),
    o.timeToTarget === undefined ? NOT_REACHED : o.timeToTarget,
    o.bytesToTarget === undefined ? '—' : formatBytes(o.bytesToTarget),
    formatShort(o.finalRelError),
    formatShort(o.finalLossGap),
    formatBytes(o.bytesTotal),
  ];
}

const sameScenario = (a: SimScenario, b: SimScenario): boolean => a.straggler === b.straggler && a.loss === b.loss;

/** q8 bytes / plain bytes over the whole run, per scenario (the same virtual time, so the same work budget). */
export function compressionRatios(outcomes: readonly SimOutcome[]): { scenario: SimScenario; ratio: number }[] {
  return outcomes
    .filter((o) => o.method === 'rfast+q8')
    .flatMap((q8) => {
      const plain = outcomes.find((o) => o.method === 'rfast' && sameScenario(o.scenario, q8.scenario));
      return plain === undefined ? [] : [{ scenario: q8.scenario, ratio: q8.bytesTotal / plain.bytesTotal }];
    });
}

function compressionTarget(outcomes: readonly SimOutcome[]): Target[] {
  const ratios = compressionRatios(outcomes);
  if (ratios.length === 0) return [];
  const worst = Math.max(...ratios.map((r) => r.ratio));
  return [
    {
      name: `R-FAST+q8 / R-FAST bytes sent in ${SIM_SETTINGS.duration} time units (worst of ${ratios.length} scenarios)`,
      measured: Number(worst.toPrecision(3)),
      goal: `≤ ${COMPRESSION_GOAL.toPrecision(3)} (3.5× fewer)`,
      met: worst <= COMPRESSION_GOAL,
    },
  ];
}

export function simTable(outcomes: readonly SimOutcome[], plotFile: string | undefined): BenchResult {
  const s = SIM_SETTINGS;
  const wallS = outcomes.reduce((sum, o) => sum + o.realMs, 0) / 1000;
  return {
    title: `All methods in the simulator: logistic regression, n = ${s.nodes}, d = ${s.dimension}, virtual time and bytes to relative error ${s.target}`,
    columns: SIM_COLUMNS,
    rows: outcomes.map(simRow),
    targets: compressionTarget(outcomes),
    notes: [
      `Seed ${s.seed}; ${s.samplesPerNode} samples per node, heterogeneous shards, full local gradients; every method on the same two trees (k = 2); compute 1·(1 ± 0.2) virtual time per gradient, link delay 0.1·(1 ± 0.5); the straggler is the last node (a leaf), ${s.straggler}× slower. d = ${s.dimension} and ${s.duration} time units keep the ${outcomes.length} runs at ${wallS.toFixed(0)} s of event loop on the 2-core machine (budget ~2 min).`,
      `η: each method's own simulator default (learning-rate.ts: 1/L for AllReduce, 1/(L(1 + τ)) for R-FAST and naive tracking, 1/L_max for local-step methods, 1/(2L(Δ + 1)) for SYNTHESIS). Time in virtual units (one gradient ≈ 1); bytes: all nodes together, framed as on the wire; "${NOT_REACHED}" and "—": the target was not reached within the run.`,
      `Error: relative error ‖x̄ − x*‖/‖x*‖ of the mean model, and the loss gap f(x̄) − f(x*). Without gradient tracking or variance reduction (D-PSGD, AD-PSGD, Local SGD, Overlap-Local-SGD, PC-ASGD, and naive tracking once packets are lost), a constant step on heterogeneous shards stalls at a bias floor: the final error is that floor.`,
      'Without loss, naive tracking computes exactly what R-FAST does (a lost increment is what tells them apart), hence the identical rows. rfast+q8: R-FAST with 8-bit stochastic quantisation, a full-precision keyframe every 8 messages per link, error feedback into z.',
      ...(plotFile === undefined ? [] : [`![relative error vs virtual time, one curve per method, one 4× straggler and 20% loss](${plotFile})`]),
    ],
  };
}
