/**
 * Problems of the simulator. A convex problem split into shards (one per node, joiners included) with an exactly known optimum for any
 * set of members: f(x) = mean over member shards of f_s(x), f_s(x) = mean over its rows of ℓ(a·x, y) + λ/2‖x‖².
 * The row loss ℓ is what distinguishes least squares from logistic regression.
 */
import type { Vector } from '../../node';
import type { Random } from '../random';

export type ProblemKind = 'least-squares' | 'logistic';

export interface ProblemSpec {
  readonly kind: ProblemKind;
  readonly dimension: number;
  readonly samplesPerNode: number;
  /** 0 = i.i.d. shards; 1 (default) = each shard has its own feature shift and its own target model. */
  readonly heterogeneity?: number;
  /** Minibatch gradients (default false: every gradient is the full local gradient, deterministic). */
  readonly stochastic?: boolean;
  /** Rows per minibatch (default min(samplesPerNode, 8)); sampled with replacement. */
  readonly batchSize?: number;
  /** L2 weight λ (logistic default 1e-2, least squares default 0). */
  readonly regularization?: number;
}

/** A problem built outside this package (a real model), named in the config and handed to runSimulation. */
export interface ExternalProblemRef {
  readonly kind: 'external';
  readonly name: string;
}

export interface Optimum {
  readonly x: Float64Array;
  /** f(x*) for the members it was computed for. */
  readonly loss: number;
}

export interface Shard {
  /** Row-major samples × dimension. */
  readonly features: Float64Array;
  readonly targets: Float64Array;
  readonly samples: number;
}

/** Held-out figures of one model (problems with a test set: the real models of apps/browser-node). */
export interface HeldOut {
  readonly loss: number;
  readonly accuracy: number;
}

/**
 * What the engine needs of any problem: shards, a common start, gradients. The convex problems below add an
 * exact optimum; a real model (tfjs, implemented outside this package) adds held-out evaluation instead.
 */
export interface TrainingProblem {
  readonly kind: string;
  readonly dimension: number;
  readonly shardCount: number;
  /** Common starting point x⁰. */
  readonly start: Float64Array | Float32Array;
  /** ∇f_s at x into out; returns the loss on the same rows. 'minibatch' is a full gradient unless stochastic. */
  gradient(shard: number, x: Vector, out: Vector, batch: 'minibatch' | 'full', random: Random): number;
  /** Held-out loss and accuracy of x (metrics then record them for the members' average model). */
  heldOut?(x: Vector): HeldOut;
}

export interface Problem extends TrainingProblem {
  readonly kind: ProblemKind;
  readonly start: Float64Array;
  /** f over the member shards at x (full data). */
  loss(shards: readonly number[], x: Vector): number;
  /** Smoothness L of f over the member shards (power-iteration estimate). */
  smoothness(shards: readonly number[]): number;
  /** Exact minimiser of f over the member shards, in Float64 (cached per member set). */
  optimum(shards: readonly number[]): Optimum;
}

/** Whether the problem knows its exact optimum (the convex ones). */
export function isConvex(problem: TrainingProblem): problem is Problem {
  return 'optimum' in problem;
}
