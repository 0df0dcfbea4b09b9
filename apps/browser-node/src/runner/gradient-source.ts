/**
 * What the runner needs from the compute side. Satisfied by the in-process Trainer (training/trainer.ts,
 * used by Node tests and headless peers) and by the page's worker client, so the runner never knows where
 * the gradients are computed.
 */
import type { RoomSettings } from '@canopy/protocol';

export type BatchKind = 'minibatch' | 'full';

/** Gradients and losses at each point of one request; `loss` and `accuracy` are measured at the first point. */
export interface GradientsAt {
  readonly loss: number;
  readonly accuracy: number;
  readonly gradients: readonly Float32Array[];
  /** The loss at every point on the same batch, same order (PC-ASGD chooses θ per step by comparing them). */
  readonly losses: readonly number[];
}

export interface GradientSource {
  /**
   * Gradients at one or more points on ONE shared minibatch (or the whole shard). The points are read only
   * during the call (the runner reuses their buffers from step to step); the gradients returned are the caller's.
   */
  gradients(points: readonly Float32Array[], batch: BatchKind): Promise<GradientsAt>;
  /** Loss and accuracy on the held-out set. */
  /** `samples`: how many held-out samples the figures are over (when the source has a held-out set). */
  evaluate(params: Float32Array): Promise<{ readonly loss: number; readonly accuracy: number; readonly samples?: number }>;
  /** A language model's text sample from `params` (absent for classifiers). */
  sample?(params: Float32Array): Promise<string>;
}

/** Which part of the training set this node owns for a run. */
export interface ShardChoice {
  readonly nodes: number;
  readonly node: number;
}

/** Everything that fixes a run's compute: the room's settings and this node's shard and minibatch order. */
export interface RunSpec {
  readonly settings: RoomSettings;
  readonly shard: ShardChoice;
  readonly samplerSeed: number;
}

export interface PreparedRun {
  /** The common x⁰ (same for every node of the run). */
  readonly x0: Float32Array;
  readonly source: GradientSource;
  /** tfjs backend actually in use. */
  readonly backend: string;
}

/** Builds (or reuses) the compute for a run: dataset, model, shard, backend. */
export interface TrainingSetup {
  prepare(spec: RunSpec): Promise<PreparedRun>;
}
