/**
 * Problems the CLI does not build itself: real models, implemented where tfjs lives (apps/browser-node
 * training/sim) and handed to runCli by that package's entry point. This package stays free of tfjs.
 */
import type { TrainingProblem } from '../index';

export interface ExternalProblem {
  /** One line for --help. */
  readonly description: string;
  /** Held-out accuracy that counts as trained (the summary's time-to-target column). */
  readonly targetAccuracy: number;
  /** η when --lr is not given (the room's default). */
  readonly defaultLearningRate: number;
  /** Builds the problem with `shards` shards (nodes plus joiners) for a run seeded with `seed`. */
  create(shards: number, seed: number): TrainingProblem;
}

export type ExternalProblems = ReadonlyMap<string, ExternalProblem>;
