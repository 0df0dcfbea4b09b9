/**
 * The runs of the scaling benchmark, in virtual time on the room's real models (apps/browser-node
 * training/sim): one step = 1 time unit, links delayed and paced as the slow-link setting. Every
 * method and the yardsticks come from the same harness, side by side, with the same seed:
 * - best single node: plain SGD (one node) at the best η of a grid;
 * - ideal large-batch SGD: synchronous AllReduce over N nodes with zero delay and no compute jitter, i.e.
 *   one step of batch N·B per time unit, at the best η of a grid: the data-parallel limit;
 * - R-FAST at the room's defaults (its η), AllReduce and Local SGD on the slow links.
 * A run stops as soon as the held-out accuracy of the average model reaches the task's target.
 */
import { runSimulation, type AlgorithmName, type SimConfig, type SimResult } from '@canopy/algorithms';
import { defaultRoomSettings, type TrainingTask } from '@canopy/protocol';
import { createModelProblem } from '../../../apps/browser-node/src/training/sim/model-problem';

export interface SlowLinks {
  /** Mean link delay, in steps. */
  readonly delay: number;
  /** Least time between two sends of R-FAST state on a link, in steps. */
  readonly pacing: number;
}

export const SLOW_LINKS: SlowLinks = { delay: 3, pacing: 5 };
export const SEED = 1;
const SAMPLE_EVERY = 10;

export interface RunSpec {
  readonly method: string;
  readonly algorithm: AlgorithmName;
  readonly nodes: number;
  readonly learningRate: number;
  readonly duration: number;
  /** Zero-delay synchronous steps (the yardsticks) or the slow links. */
  readonly links: 'ideal' | SlowLinks;
  readonly loss?: number;
}

export interface RunOutcome {
  readonly spec: RunSpec;
  /** Steps (virtual time) to the target; undefined when not reached within spec.duration. */
  readonly steps: number | undefined;
  readonly finalAccuracy: number;
  readonly curve: readonly { readonly x: number; readonly y: number }[];
}

/** The η a room trains `task` at: the task's own (set with the dataset on the dashboard) or the room default. */
export function roomLearningRate(task: TrainingTask): number {
  return task.learningRate ?? defaultRoomSettings().algorithm.learningRate;
}

export function runTask(task: TrainingTask, spec: RunSpec): RunOutcome {
  const problem = createModelProblem({ dataset: task.dataset, model: task.model, batchSize: task.batchSize, shards: spec.nodes, seed: SEED });
  const ideal = spec.links === 'ideal';
  const config: SimConfig = {
    algorithm: spec.algorithm,
    nodes: spec.nodes,
    topology: 'two-trees',
    fanOut: defaultRoomSettings().topology.fanOut,
    problem: { kind: 'external', name: task.name },
    learningRate: spec.learningRate,
    duration: spec.duration,
    compute: { base: 1, jitter: ideal ? 0 : 0.2 },
    delay: ideal ? { mean: 0, jitter: 0 } : { mean: (spec.links as SlowLinks).delay, jitter: 0.5 },
    ...(ideal ? {} : { links: { pacing: (spec.links as SlowLinks).pacing } }),
    loss: { kind: 'iid', p: spec.loss ?? 0 },
    precision: 'f32',
    sampleEvery: SAMPLE_EVERY,
    seed: SEED,
  };
  const result: SimResult = runSimulation(config, { stopWhen: (s) => (s.accuracy ?? 0) >= task.target }, { problem });
  return {
    spec,
    steps: result.timeToAccuracy(task.target),
    finalAccuracy: result.final.accuracy ?? Number.NaN,
    curve: result.samples.map((s) => ({ x: s.time, y: s.accuracy ?? Number.NaN })),
  };
}

/** The grid run with the fewest steps to target (ties: the first, i.e. the smallest η). */
export function best(outcomes: readonly RunOutcome[]): RunOutcome {
  let chosen = outcomes[0] as RunOutcome;
  for (const o of outcomes) if ((o.steps ?? Number.POSITIVE_INFINITY) < (chosen.steps ?? Number.POSITIVE_INFINITY)) chosen = o;
  return chosen;
}
