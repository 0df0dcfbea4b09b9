/**
 * Local SGD (periodic model averaging; ALGORITHMS.md §3): every node takes H local SGD steps x ← x − η∇f_i(x),
 * then all models are averaged, x_i ← (1/n) Σ_j x_j, by a tree reduce/broadcast (tree-average.ts) — a sync
 * point like AllReduce, but over models and once every H steps. params.H (default 4); H = 1 is synchronous
 * minibatch SGD on the mean loss. Random reshuffling of the minibatches is the gradient source's job.
 *
 * Choices: the average is uniform over the nodes that contributed (a joiner contributes weight 0 and adopts the
 * next mean); a new epoch abandons an unfinished average, and a node that was waiting for it contributes its
 * current model to round 0 of the new epoch at once, the others when they reach their H-th step.
 */
import type { PeerTopology } from '@canopy/protocol';
import type { ActivationPlan, AlgorithmNode, GradientResult, IncomingMessage, OutgoingMessage, ReceiveResult, Vector } from '../node';
import { positiveInteger, readParam } from './hyper-params';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { TreeAverage } from './tree-average';
import { allocVector } from './vectors';

export const LOCAL_SGD_DEFAULTS = { H: 4 } as const;

export class LocalSgdNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'local-sgd';

  /** Local steps between averages. */
  readonly period: number;
  private readonly x: Vector;
  /** The last average adopted (x⁰ before the first): the model all nodes agreed on. */
  private readonly synced: Vector;
  private readonly average: TreeAverage;
  private localSteps = 0;
  private computing = false;
  /** Round whose mean this node waits for before stepping again; undefined while stepping. */
  private awaiting: number | undefined;
  private joining: boolean;

  constructor(options: NodeRuntimeOptions) {
    super(options);
    this.period = readParam(options.params, 'H', positiveInteger(LOCAL_SGD_DEFAULTS.H));
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.synced = allocVector(this.dimension, this.precision);
    this.synced.set(options.x0);
    this.average = new TreeAverage(this.dimension, this.precision, this.allocate, options.topology);
    this.joining = options.joinFromParent === true;
    // A joiner's weight-0 contribution goes out on the first retransmission tick (a constructor cannot send).
    if (this.joining) this.contribute();
  }

  /** The node's working model: between averages it has drifted by up to H local steps. */
  model(): Vector {
    return this.x;
  }

  /** The last average adopted (x⁰ before the first): what every node agreed on. A live view: copy it to keep it. */
  lastAverage(): Vector {
    return this.synced;
  }

  plan(): ActivationPlan {
    if (!this.computing && this.awaiting !== undefined) {
      return { kind: 'wait', reason: this.joining ? 'joining: waiting for the next average' : `waiting for the average of round ${this.awaiting}` };
    }
    this.computing = true;
    return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    if (!this.computing) throw new Error('complete() called without a pending plan()');
    this.computing = false;
    this.localSgdStep(this.x, result);
    if (++this.localSteps < this.period) return [];
    const messages = this.contribute();
    this.adoptMean();
    return messages;
  }

  receive(message: IncomingMessage): ReceiveResult {
    const result = this.average.receive(message);
    if (!result.accepted) return this.rejections.reject(result.reason);
    this.adoptMean();
    return result;
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.average.reset(topology);
    if (this.awaiting === undefined) return [];
    const messages = this.contribute();
    this.adoptMean();
    return messages;
  }

  retransmit(): OutgoingMessage[] {
    return this.average.retransmit();
  }

  private contribute(): OutgoingMessage[] {
    this.awaiting = this.average.round;
    return this.average.contribute(this.x, this.joining ? 0 : 1);
  }

  private adoptMean(): void {
    if (this.awaiting === undefined) return;
    const mean = this.average.result(this.awaiting);
    if (mean === undefined) return;
    this.x.set(mean);
    this.synced.set(mean);
    this.awaiting = undefined;
    this.localSteps = 0;
    this.joining = false;
  }
}
