/** runSimulation: one seeded run of one algorithm on one scenario, from config to metric samples. */
import type { TopologyKind } from '@canopy/protocol';
import type { RejectionCounts } from '../algorithms/screening';
import { resolveConfig, type SimConfig } from './config';
import { buildTopology } from '../topology/index';
import { Engine, type SimHooks } from './engine';
import { defaultLearningRate } from './learning-rate';
import type { MetricSample } from './metrics';
import { createProblem } from './problems/create-problem';
import { isConvex, type Problem, type TrainingProblem } from './problems/problem';
import { initialPeers } from './node-slot';
import { staleAgeForCurvature } from '../algorithms/staleness-scaled-step';
import { createRandom, type Random } from './random';

export interface SimResult {
  readonly config: SimConfig;
  readonly samples: readonly MetricSample[];
  readonly final: MetricSample;
  /** First sampled virtual time at which the metric (default relErrorMean) is ≤ target; undefined if never. */
  timeToTarget(relError: number, metric?: 'relErrorMean' | 'relErrorWorst'): number | undefined;
  /** First sampled virtual time at which the average model's held-out accuracy is ≥ target (problems with a test set). */
  timeToAccuracy(accuracy: number): number | undefined;
  /** Wall-clock time of the event loop (setup excluded). */
  readonly realTimeMs: number;
  // Extras below are always set by runSimulation; optional only so hand-made results stay valid.
  /** Wall-clock time to generate data, solve the optimum and build the nodes. */
  readonly setupMs?: number;
  /** Completed activations per wall-clock second of the event loop. */
  readonly activationsPerSecond?: number;
  /** η actually used (default: see learning-rate.ts). */
  readonly learningRate?: number;
  /** Topology actually used (AllReduce always runs on two trees). */
  readonly topology?: TopologyKind;
  /** Messages refused by receivers, by reason. */
  readonly rejections?: RejectionCounts;
  /** Byzantine runs: peers evicted after an honest neighbour quarantined them. */
  readonly evictions?: readonly { readonly peer: string; readonly at: number }[];
}

export interface SimSetup {
  /**
   * A problem built outside this package (a real tfjs model, apps/browser-node training/sim): replaces
   * config.problem. It needs config.learningRate (no smoothness to derive one from) and config.solveOptimum
   * is moot (no exact optimum); held-out accuracy is recorded instead.
   */
  readonly problem?: TrainingProblem;
}

export function runSimulation(config: SimConfig, hooks: SimHooks = {}, setup: SimSetup = {}): SimResult {
  const setupStart = performance.now();
  const resolved = resolveConfig(config);
  const random = createRandom(config.seed);
  // The fork is taken either way, so a given problem leaves every other random stream as it was.
  const problemRandom = random.fork();
  const problem = setup.problem ?? convexProblem(config, resolved.shardCount, problemRandom);
  if (problem.shardCount < resolved.shardCount) {
    throw new RangeError(`the problem has ${problem.shardCount} shards, the scenario needs ${resolved.shardCount} (nodes plus joiners)`);
  }
  const topology = buildTopology(resolved.topology, initialPeers(config.nodes), { fanOut: config.fanOut, epoch: 0 });
  const learningRate = config.learningRate ?? (isConvex(problem) ? defaultLearningRate(config.algorithm, resolved, problem, topology) : Number.NaN);
  if (Number.isNaN(learningRate)) throw new RangeError(`problem ${problem.kind} needs a learningRate (it has no smoothness to derive one from)`);
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${learningRate}`);
  const params = isConvex(problem) ? withCurvatureStaleAge(config, problem, learningRate, topology.peers.length) : config.params;
  const engineConfig = params === config.params ? resolved : { ...resolved, source: { ...resolved.source, params } };
  const engine = new Engine({ config: engineConfig, problem, learningRate, random: random.fork(), topology }, hooks);
  const runStart = performance.now();
  const samples = engine.run();
  const realTimeMs = performance.now() - runStart;
  const final = samples.at(-1) as MetricSample;
  return {
    config,
    samples,
    final,
    timeToTarget: (target, metric = 'relErrorMean') => samples.find((s) => s[metric] <= target)?.time,
    timeToAccuracy: (target) => samples.find((s) => (s.accuracy ?? Number.NaN) >= target)?.time,
    realTimeMs,
    setupMs: runStart - setupStart,
    activationsPerSecond: realTimeMs > 0 ? (final.activations * 1000) / realTimeMs : Number.POSITIVE_INFINITY,
    learningRate,
    topology: resolved.topology,
    rejections: engine.rejectionCounts(),
    evictions: [...engine.evictions],
  };
}

function convexProblem(config: SimConfig, shardCount: number, random: Random): TrainingProblem {
  const spec = config.problem;
  if (spec.kind === 'external') throw new RangeError(`problem "${spec.name}" is built outside the simulator: pass it as SimSetup.problem`);
  return createProblem(spec, shardCount, random);
}

/**
 * A convex problem knows its curvature L, so the tracking methods' staleness bound A₀ follows it (as the default η
 * does: learning-rate.ts) instead of the default measured on the MNIST model; an explicit staleAge wins.
 */
function withCurvatureStaleAge(config: SimConfig, problem: Problem, learningRate: number, members: number): SimConfig['params'] {
  if ((config.algorithm !== 'rfast' && config.algorithm !== 'naive') || config.params?.staleAge !== undefined) return config.params;
  const curvature = problem.smoothness(Array.from({ length: members }, (_, i) => i));
  // With H local steps an exchange moves the model by up to H steps of η, and A₀ counts exchanges.
  const localSteps = config.params?.localSteps ?? 1;
  return { ...config.params, staleAge: staleAgeForCurvature(curvature, learningRate * localSteps) };
}
