/**
 * A training loop as the node session drives it: the in-process Runner (runner.ts) or, in the page, the
 * RemoteRunner whose loop runs in the runner worker (remote-runner.ts).
 */
import type { MetricsReport, PeerTopology, RoomState } from '@canopy/protocol';
import type { Emitter } from '../net/emitter';
import type { LoopStatus, TrainingStatus } from './status';

export interface EvaluationResult {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly model: Float32Array<ArrayBuffer>;
  /** Held-out samples the figures are over (absent for sources without a held-out set). */
  readonly samples?: number;
  /** False when the loss exploded (model-guard.ts): not a model to checkpoint or keep; the node recovered. */
  readonly healthy: boolean;
}

export type RunnerEvents = {
  report: [report: MetricsReport, status: TrainingStatus];
  /** `model`: a copy of the weights this held-out evaluation scored. */
  evaluation: [result: EvaluationResult];
  error: [message: string];
  /** Every report interval, whether or not there is a report yet (the worker forwards it to the page). */
  status: [status: LoopStatus];
};

export interface TrainingRunner {
  readonly events: Emitter<RunnerEvents>;
  /** `joinFromParent`: the room was already training, so take the G_R parent's model before the first step. */
  start(state: RoomState, topology: PeerTopology, options: { joinFromParent: boolean }): void;
  /** A `topology` push; older or equal epochs are ignored. */
  setTopology(topology: PeerTopology): void;
  /** The room's state from a `control` event (or a re-join ack). */
  applyRoomState(state: RoomState): void;
  stop(): void;
  status(): TrainingStatus;
}
