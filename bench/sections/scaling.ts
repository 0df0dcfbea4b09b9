/**
 * Issue 15: do more tabs train faster? In virtual time on the room's real models (pnpm sim's problems), for
 * every task (the text task on a reduced sweep): steps per tab to the task's held-out target at N = 1, 2, 4, 8, 16
 * for R-FAST at the room's defaults, AllReduce and Local SGD on slow links (delay 3 steps, pacing 5), against the two yardsticks
 * measured in the same run: the best-tuned single node and ideal large-batch SGD (scaling-runs.ts).
 * Writes results/bench-scaling-TASK.svg (steps to target vs N).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAINING_TASKS, type TrainingTask } from '@canopy/protocol';
import { activateBackend } from '../../apps/browser-node/src/training/backend/backends';
import { choiceFlag } from '../flags';
import type { BenchResult, BenchSection, Cell, Target } from '../section';
import { scalingPlotSvg, type ScalingSeries } from '../src/scaling/scaling-plot';
import { best, roomLearningRate, runTask, SLOW_LINKS, type RunOutcome, type RunSpec } from '../src/scaling/scaling-runs';

/** What is swept for one task: tab counts, η grids of the yardsticks, and which methods run on the slow links. */
interface SweepPlan {
  readonly sizes: readonly number[];
  readonly singleGrid: readonly number[];
  readonly idealGrid: readonly number[];
  /** Longest single-node run; every other run may go to twice the best single node's steps. */
  readonly singleDuration: number;
  /** AllReduce, Local SGD and R-FAST under 30% loss besides R-FAST (the image tasks only). */
  readonly allMethods: boolean;
}

const IMAGE_PLAN: SweepPlan = { sizes: [2, 4, 8, 16], singleGrid: [0.1, 0.2, 0.4, 0.8], idealGrid: [0.2, 0.4, 0.8, 1.6], singleDuration: 3000, allMethods: true };
// A transformer step costs ~0.5 s of wasm, 100× an MLP step: the text task gets a reduced sweep (N ≤ 4, two-η grids,
// R-FAST against the yardsticks only), ~25 minutes. `pnpm bench language-model` measures 1 vs 3 real tabs.
// Grids around the task's η 0.3 (η 1 diverged at once in an earlier sweep).
const TEXT_PLAN: SweepPlan = { sizes: [2, 4], singleGrid: [0.3, 0.5], idealGrid: [0.3, 0.5], singleDuration: 600, allMethods: false };
const LOSS = 0.3;
const resultsDir = join(import.meta.dirname, '..', '..', 'results');

type Log = (line: string) => void;

function run(task: TrainingTask, spec: RunSpec, log: Log): RunOutcome {
  const started = performance.now();
  const outcome = runTask(task, spec);
  const reached = outcome.steps !== undefined ? `${outcome.steps} steps` : `not in ${spec.duration} (final ${outcome.finalAccuracy.toFixed(3)})`;
  log(`${task.name} ${spec.method} N=${spec.nodes} η=${spec.learningRate}: ${reached} [${((performance.now() - started) / 1000).toFixed(0)} s]`);
  return outcome;
}

const steps = (o: RunOutcome | undefined): Cell => (o?.steps !== undefined ? o.steps : `> ${o?.spec.duration ?? '?'}`);
const ratio = (a: RunOutcome | undefined, b: RunOutcome | undefined): number =>
  (a?.steps ?? Number.POSITIVE_INFINITY) / (b?.steps ?? Number.NaN);

function taskResult(task: TrainingTask, plan: SweepPlan, log: Log): BenchResult {
  const eta = roomLearningRate(task);
  const single = best(plan.singleGrid.map((lr) => run(task, { method: 'single', algorithm: 'allreduce', nodes: 1, learningRate: lr, duration: plan.singleDuration, links: 'ideal' }, log)));
  const horizon = 2 * (single.steps ?? plan.singleDuration);
  const ideal = new Map<number, RunOutcome>([[1, single]]);
  const rfast = new Map<number, RunOutcome>();
  const allreduce = new Map<number, RunOutcome>();
  const localSgd = new Map<number, RunOutcome>();
  for (const nodes of plan.sizes) {
    // Ideal runs need no more steps than the single node's; a too-large η stops there.
    ideal.set(nodes, best(plan.idealGrid.map((lr) => run(task, { method: 'ideal', algorithm: 'allreduce', nodes, learningRate: lr, duration: single.steps ?? plan.singleDuration, links: 'ideal' }, log))));
    rfast.set(nodes, run(task, { method: 'rfast', algorithm: 'rfast', nodes, learningRate: eta, duration: horizon, links: SLOW_LINKS }, log));
    if (!plan.allMethods) continue;
    const idealEta = ideal.get(nodes)?.spec.learningRate ?? eta;
    allreduce.set(nodes, run(task, { method: 'allreduce', algorithm: 'allreduce', nodes, learningRate: idealEta, duration: horizon, links: SLOW_LINKS }, log));
    localSgd.set(nodes, run(task, { method: 'local-sgd', algorithm: 'local-sgd', nodes, learningRate: single.spec.learningRate, duration: horizon, links: SLOW_LINKS }, log));
  }
  const largest = Math.max(...plan.sizes);
  const lossy = plan.allMethods ? run(task, { method: 'rfast 30% loss', algorithm: 'rfast', nodes: 8, learningRate: eta, duration: horizon, links: SLOW_LINKS, loss: LOSS }, log) : undefined;

  const series: ScalingSeries[] = [
    { name: 'ideal large-batch SGD', points: [...ideal].map(([nodes, o]) => ({ nodes, steps: o.steps })) },
    { name: 'R-FAST (room defaults)', points: [{ nodes: 1, steps: single.steps }, ...[...rfast].map(([nodes, o]) => ({ nodes, steps: o.steps }))] },
    ...(plan.allMethods
      ? [
          { name: 'AllReduce', points: [...allreduce].map(([nodes, o]) => ({ nodes, steps: o.steps })) },
          { name: 'Local SGD', points: [...localSgd].map(([nodes, o]) => ({ nodes, steps: o.steps })) },
        ]
      : []),
  ];
  writeFileSync(join(resultsDir, `bench-scaling-${task.name}.svg`), scalingPlotSvg(task, series));

  const rows: Cell[][] = [1, ...plan.sizes].map((nodes) => [
    nodes,
    `${steps(ideal.get(nodes))} (η ${ideal.get(nodes)?.spec.learningRate})`,
    nodes === 1 ? '—' : steps(rfast.get(nodes)),
    ...(plan.allMethods ? [nodes === 1 ? '—' : steps(allreduce.get(nodes)), nodes === 1 ? '—' : steps(localSgd.get(nodes))] : []),
    nodes === 1 ? '—' : ratio(rfast.get(nodes), ideal.get(nodes)).toFixed(2),
  ]);
  const speedupAt = plan.sizes.includes(8) ? 8 : largest;
  const idealSpeedup = 1 / ratio(ideal.get(speedupAt), single);
  const targets: Target[] = [
    { name: `${task.name}: ideal ${speedupAt}-way speedup over the best single node`, measured: idealSpeedup, goal: task.name === 'mnist-mlp-b8' ? '≥ 4 (item 2)' : '(context)', met: task.name !== 'mnist-mlp-b8' || idealSpeedup >= 4 },
    ...plan.sizes.filter((n) => n >= 4).map((n) => {
      const bound = n >= 16 ? 1.5 : 1.25;
      return { name: `${task.name}: R-FAST steps / ideal, N = ${n}`, measured: ratio(rfast.get(n), ideal.get(n)), goal: `≤ ${bound}`, met: ratio(rfast.get(n), ideal.get(n)) <= bound };
    }),
    ...(plan.sizes.includes(8) ? [{ name: `${task.name}: R-FAST N = 8 steps / best single node`, measured: ratio(rfast.get(8), single), goal: '≤ 0.4', met: ratio(rfast.get(8), single) <= 0.4 }] : []),
    ...(lossy ? [{ name: `${task.name}: R-FAST N = 8, 30% loss / no loss`, measured: ratio(lossy, rfast.get(8)), goal: '≤ 1.2', met: ratio(lossy, rfast.get(8)) <= 1.2 }] : []),
  ];
  return {
    title: `${task.label}: steps per tab to ${Math.round(task.target * 100)}% held-out (virtual time; slow links: delay ${SLOW_LINKS.delay}, pacing ${SLOW_LINKS.pacing})`,
    columns: ['tabs', 'ideal large-batch SGD (best η)', `R-FAST (room η ${eta})`, ...(plan.allMethods ? ['AllReduce (ideal η)', 'Local SGD (single η)'] : []), 'R-FAST / ideal'],
    rows,
    targets,
    notes: [
      `Best single node: ${steps(single)} steps at η ${single.spec.learningRate} (grid ${plan.singleGrid.join(', ')}); ideal grid ${plan.idealGrid.join(', ')}. ` +
        `Runs stop at the target; "> T" = not reached within T steps (twice the best single node's).` +
        (lossy ? ` R-FAST 30% loss, N = 8: ${steps(lossy)}.` : ' Reduced sweep (a transformer step is ~100× an MLP step): R-FAST against the yardsticks, N ≤ 4.'),
      `Plot: results/bench-scaling-${task.name}.svg.`,
    ],
  };
}

export const section: BenchSection = {
  name: 'scaling',
  description: 'Issue 15: steps to target vs tabs on the real models (virtual time), against ideal large-batch SGD and the best single node',
  async run(log) {
    // `--task NAME` re-measures one task (results/bench-scaling-task-NAME.md): the whole sweep takes about an hour.
    const only = choiceFlag('task', TRAINING_TASKS.map((task) => task.name));
    const activation = await activateBackend('wasm');
    if (!activation.ok) throw new Error(`tfjs wasm backend unavailable: ${activation.reason}`);
    const tasks = TRAINING_TASKS.filter((task) => only === undefined || task.name === only);
    return tasks.map((task) => taskResult(task, task.model === 'transformer' ? TEXT_PLAN : IMAGE_PLAN, log));
  },
};
