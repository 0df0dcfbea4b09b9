/** What the simulator records over virtual time, and how one sample is measured. */
import type { AlgorithmNode, Vector } from '../node';
import { invariantResidual } from './invariant';
import { distance, norm } from './linalg';
import { isConvex, type Optimum, type TrainingProblem } from './problems/problem';

export interface MetricSample {
  readonly time: number;
  /** Completed activations (gradient steps) of all nodes so far. */
  readonly activations: number;
  /** ‖x̄ − x*‖ / ‖x*‖ for the average model of the current members. */
  readonly relErrorMean: number;
  /** max_i ‖x_i − x*‖ / ‖x*‖. */
  readonly relErrorWorst: number;
  /** Consensus error: sqrt(mean_i ‖x_i − x̄‖²) / ‖x*‖. */
  readonly consensus: number;
  /** f(x̄) − f(x*) over the current members. */
  readonly lossGap: number;
  /** Relative R-FAST mass-invariant residual; NaN when not R-FAST. */
  readonly invariantResidual: number;
  readonly messagesSent: number;
  /** Dropped by the loss model (plus in flight from a crashed node). */
  readonly messagesLost: number;
  readonly bytesSent: number;
  readonly epoch: number;
  // Extras below are always set by runSimulation; optional only so hand-made samples stay valid.
  /** Messages a receiver refused (stale epoch, duplicates, …). */
  readonly messagesRejected?: number;
  /** Current member count. */
  readonly members?: number;
  /** Held-out accuracy of the members' average model (problems with a test set; NaN otherwise). */
  readonly accuracy?: number;
  /** Held-out loss of the same model. */
  readonly heldOutLoss?: number;
}

export interface Counters {
  activations: number;
  messagesSent: number;
  messagesLost: number;
  messagesRejected: number;
  bytesSent: number;
}

export interface Snapshot {
  readonly time: number;
  readonly epoch: number;
  readonly nodes: readonly AlgorithmNode[];
  readonly shards: readonly number[];
  readonly counters: Readonly<Counters>;
}

/** Measures samples, reusing one buffer for the average model. */
export class MetricsProbe {
  private readonly mean: Float64Array;

  constructor(private readonly problem: TrainingProblem) {
    this.mean = new Float64Array(problem.dimension);
  }

  measure(snapshot: Snapshot, optimum: Optimum | undefined): MetricSample {
    const { nodes, counters } = snapshot;
    const models = nodes.map((n) => n.model());
    this.average(models);
    const heldOut = this.problem.heldOut?.(this.mean);
    const common = {
      accuracy: heldOut?.accuracy ?? Number.NaN,
      heldOutLoss: heldOut?.loss ?? Number.NaN,
      time: snapshot.time,
      activations: counters.activations,
      invariantResidual: invariantResidual(nodes),
      messagesSent: counters.messagesSent,
      messagesLost: counters.messagesLost,
      messagesRejected: counters.messagesRejected,
      bytesSent: counters.bytesSent,
      epoch: snapshot.epoch,
      members: nodes.length,
    };
    if (optimum === undefined || !isConvex(this.problem)) {
      return { ...common, relErrorMean: Number.NaN, relErrorWorst: Number.NaN, consensus: this.consensus(models, 1), lossGap: Number.NaN };
    }
    const reference = norm(optimum.x) || 1;
    let worst = 0;
    for (const model of models) worst = Math.max(worst, distance(model, optimum.x) / reference);
    return {
      ...common,
      relErrorMean: distance(this.mean, optimum.x) / reference,
      relErrorWorst: worst,
      consensus: this.consensus(models, reference),
      lossGap: this.problem.loss(snapshot.shards, this.mean) - optimum.loss,
    };
  }

  private average(models: readonly Vector[]): void {
    const mean = this.mean;
    mean.fill(0);
    if (models.length === 0) return;
    const w = 1 / models.length;
    for (const model of models) for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] as number) + w * (model[k] as number);
  }

  private consensus(models: readonly Vector[], reference: number): number {
    if (models.length === 0) return Number.NaN;
    let sum = 0;
    for (const model of models) sum += distance(model, this.mean) ** 2;
    return Math.sqrt(sum / models.length) / reference;
  }
}
