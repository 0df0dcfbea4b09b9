/**
 * The default η when the config gives none. One rate cannot suit every algorithm: a synchronous full-gradient
 * step on the mean loss is stable up to 2/L, a local step on one shard needs 1/L_max (the largest local
 * smoothness), and an asynchronous tracker applies gradients that are τ root steps stale, which shrinks the
 * stable range roughly by 1 + τ. Minibatch gradients halve it (noise floor ∝ η). Measured on the test problems,
 * these defaults converge with margin; pass learningRate to compare algorithms at a chosen rate.
 */
import { compresses, keyframeEveryOf, type PeerId, type Topology } from '@canopy/protocol';
import { pullDepth } from '../topology/pull-depth';
import { synthesisSchedule } from '../algorithms/synthesis-schedule';
import type { AlgorithmName } from '../node';
import type { ResolvedConfig } from './config';
import type { LossConfig } from './network';
import type { Problem } from './problems/problem';
import { wireBytes } from './wire';

const BYTES_PER_VALUE = { f32: 4, f64: 8 } as const;

export function defaultLearningRate(algorithm: AlgorithmName, config: ResolvedConfig, problem: Problem, topology: Topology): number {
  // Minibatch noise: a constant step's noise floor scales with η, so stochastic runs take half.
  const { problem: spec } = config.source;
  const noise = spec.kind !== 'external' && spec.stochastic === true ? 0.5 : 1;
  return noise / stableCurvature(algorithm, config, problem, topology);
}

function stableCurvature(algorithm: AlgorithmName, config: ResolvedConfig, problem: Problem, topology: Topology): number {
  const members = topology.peers.map((_, i) => i);
  switch (algorithm) {
    case 'allreduce':
      return problem.smoothness(members);
    case 'rfast':
    case 'naive':
      return problem.smoothness(members) * (1 + trackingStaleness(config, topology, problem.dimension));
    case 'synthesis':
      // η ≈ 1/(2L(Δ+1)) (SYNTHESIS): the root applies differences up to Δ updates stale.
      return 2 * problem.smoothness(members) * (1 + synthesisSchedule(config.source.params, members.length).maxStaleness);
    case 'local-sgd':
    case 'overlap-local-sgd':
    case 'pc-asgd':
      // Local steps on one shard: 1/L_max, as below.
    default:
      return Math.max(...members.map((i) => problem.smoothness([i])));
  }
}

/**
 * τ ≈ 2 · depth · (1 + link time/compute) / (1 − loss): tracker mass climbs `depth` hops and models come back
 * down, each hop waiting for a receiver activation plus the link's time (delay, pacing wait, time on the wire
 * of a full vector), and a loss only defers a hop to the next packet.
 */
export function trackingStaleness(config: ResolvedConfig, topology: Topology, dimension: number): number {
  const hops = pullDepth(topology);
  const onWire = Number.isFinite(config.links.bandwidth) ? wireBytes(dimension * BYTES_PER_VALUE[config.precision]) / config.links.bandwidth : 0;
  const perHop = 1 + (config.delay.mean + config.links.pacing + onWire) / config.compute.base;
  return (2 * hops * perHop) / (1 - Math.min(effectiveLoss(config), 0.9));
}

/**
 * With R-FAST compression a delta is usable only when it and the keyframe it refers to both arrive, so a link
 * delivers with probability (1 − p)² instead of 1 − p (measured: at 30% loss the default step is otherwise on
 * the edge of stability and converges about twice as slowly).
 */
function effectiveLoss(config: ResolvedConfig): number {
  const p = stationaryLoss(config.loss);
  const { algorithm, compression } = config.source;
  const keyframed = algorithm === 'rfast' && compresses(compression) && keyframeEveryOf(compression) > 1;
  return keyframed ? 1 - (1 - p) ** 2 : p;
}

function stationaryLoss(loss: LossConfig): number {
  if (loss.kind === 'iid') return loss.p;
  const total = loss.pGoodToBad + loss.pBadToGood;
  const bad = total === 0 ? 0 : loss.pGoodToBad / total;
  return bad * loss.lossBad + (1 - bad) * loss.lossGood;
}
