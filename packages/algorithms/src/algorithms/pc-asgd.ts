/**
 * PC-ASGD (Wang, Jiang, Liu, Sarkar, Jiang, Lee, "Asynchronous Training Schemes in Distributed Learning with
 * Time Delay", arXiv 2208.13154; ALGORITHMS.md §3): asynchronous decentralized SGD over delayed neighbour models.
 * After each step a node sends its neighbours (model, gradient) ('model-with-gradient'); no barrier, no waiting.
 * One activation of node i, with W its mixing row and, per neighbour l, the latest (x_l, g_l) and its age τ_l:
 *   predicted  P = Σ_l w_il x̂_l   with x̂_l the Taylor-predicted model (pc-asgd-prediction.ts), x̂_i = x_i;
 *   clipped    C = Σ_{l fresh} w̃_il x_l   stale neighbours dropped, weights renormalised over self + fresh;
 *   x ← θ (P − α ∇f_i(P)) + (1 − θ) (C − α ∇f_i(C)), both gradients on one minibatch (plan at [P, C]).
 * The practical variant (default) picks θ ∈ {0, 1} per step: 1 when the minibatch loss at P is lower than at C.
 *
 * Choices (the paper's exact equations were not available):
 * - α is the learning rate η. W: Metropolis weights w_il = 1/(1 + max(d_i, d_l)) over the undirected
 *   neighbourhood (doubly stochastic); each message carries the sender's degree, so no handshake is needed.
 * - Age τ_l = own steps completed since l's latest model arrived: a model that arrived during the previous step
 *   has τ = 1 (it is about one step old). Fresh (kept by clipping) when τ_l ≤ params.clip (default 1).
 * - Neighbours never heard from, or older than params.horizon steps (default 8: a crashed neighbour), are left
 *   out of both candidates and their weight stays with x_i (the R-FAST rule: never mix in a zero).
 * - The message carries the model after the step and the gradient used by it (θ-mix of the two gradients).
 * - params: theta (fixed θ ∈ [0, 1]; unset = the practical variant), lambda (λ, default 0.5; DC-ASGD used
 *   0.04–2), clip, horizon. θ = 0 or 1 needs only one gradient. Without per-point losses (GradientResult.losses,
 *   e.g. a gradient source that reports one loss) the practical variant falls back to θ = ½.
 * - A new epoch drops held neighbour models and keeps x; a joiner adopts the first neighbour model it receives.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { ActivationPlan, AlgorithmNode, GradientResult, IncomingMessage, OutgoingMessage, ReceiveResult, Vector } from '../node';
import { hasParam, nonNegative, nonNegativeInteger, readParam, unitInterval } from './hyper-params';
import { LatestMailbox } from './latest-mailbox';
import { metropolisWeight, undirectedNeighbours } from './neighbourhood';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { predictNeighbour } from './pc-asgd-prediction';
import { ACCEPTED } from './screening';
import { allocVector } from './vectors';

export const PC_ASGD_DEFAULTS = { lambda: 0.5, clip: 1, horizon: 8 } as const;

/** θ when the practical variant cannot compare losses. */
const FALLBACK_THETA = 0.5;

type Candidates = 'both' | 'predicted' | 'clipped';

export class PcAsgdNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'pc-asgd';

  /** Fixed θ, or undefined for the practical variant. */
  readonly theta: number | undefined;
  readonly lambda: number;
  readonly clip: number;
  readonly horizon: number;
  private readonly x: Vector;
  private readonly predicted: Vector;
  private readonly clipped: Vector;
  private readonly scratch: Vector;
  private readonly sentGradient: Float64Array;
  private neighbours: readonly PeerId[] = [];
  private neighbourSet: ReadonlySet<PeerId> = new Set();
  private inbox!: LatestMailbox;
  /** Own completed steps when each neighbour's latest model arrived. */
  private readonly arrivedAt = new Map<PeerId, number>();
  private pending: Candidates | undefined;
  private joining: boolean;
  private seq = 0;

  constructor(options: NodeRuntimeOptions) {
    super(options);
    const { params } = options;
    this.theta = hasParam(params, 'theta') ? readParam(params, 'theta', unitInterval(0)) : undefined;
    this.lambda = readParam(params, 'lambda', nonNegative(PC_ASGD_DEFAULTS.lambda));
    this.clip = readParam(params, 'clip', nonNegativeInteger(PC_ASGD_DEFAULTS.clip));
    this.horizon = Math.max(this.clip, readParam(params, 'horizon', nonNegativeInteger(PC_ASGD_DEFAULTS.horizon)));
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.predicted = allocVector(this.dimension, this.precision);
    this.clipped = allocVector(this.dimension, this.precision);
    this.scratch = allocVector(this.dimension, this.precision);
    this.sentGradient = new Float64Array(this.dimension);
    this.joining = options.joinFromParent === true;
    this.configure(options.topology);
  }

  model(): Vector {
    return this.x;
  }

  plan(): ActivationPlan {
    if (this.pending === undefined) {
      if (this.joining) return { kind: 'wait', reason: 'joining: waiting for a neighbour model' };
      this.buildCandidates();
      this.pending = this.theta === 1 ? 'predicted' : this.theta === 0 ? 'clipped' : 'both';
    }
    const at = this.pending === 'both' ? [this.predicted, this.clipped] : [this.pending === 'predicted' ? this.predicted : this.clipped];
    return { kind: 'gradient', at, batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    const pending = this.pending;
    if (pending === undefined) throw new Error('complete() called without a pending plan()');
    this.pending = undefined;
    const count = pending === 'both' ? 2 : 1;
    const { grads } = result;
    if (grads.length !== count || grads.some((g) => g.length !== this.dimension)) {
      throw new RangeError(`complete() needs ${count} gradient(s) of length ${this.dimension}`);
    }
    const theta = pending === 'predicted' ? 1 : pending === 'clipped' ? 0 : this.chooseTheta(result.losses);
    const gP = grads[0] as Vector;
    const gC = (pending === 'both' ? grads[1] : grads[0]) as Vector;
    const { x, predicted, clipped, sentGradient } = this;
    const eta = this.learningRate;
    for (let k = 0; k < x.length; k++) {
      const fromP = (predicted[k] as number) - eta * (gP[k] as number);
      const fromC = (clipped[k] as number) - eta * (gC[k] as number);
      x[k] = theta * fromP + (1 - theta) * fromC;
      sentGradient[k] = theta * (gP[k] as number) + (1 - theta) * (gC[k] as number);
    }
    this.completed++;
    return this.announce();
  }

  receive(message: IncomingMessage): ReceiveResult {
    if (message.kind !== 'model-with-gradient') return this.rejections.reject('unexpected-kind');
    const problem = this.screen(message, this.neighbourSet.has(message.from), 2 * this.dimension + 1);
    if (problem !== undefined) return this.rejections.reject(problem);
    const degree = message.payload[2 * this.dimension] as number;
    // A degree must be a positive integer: anything else is a malformed message.
    if (!(Number.isInteger(degree) && degree >= 1)) return this.rejections.reject('wrong-size');
    const outcome = this.inbox.offer(message.from, message.seq, message.payload);
    if (outcome !== 'stored') return this.rejections.reject(outcome);
    this.arrivedAt.set(message.from, this.completed);
    if (this.joining) {
      this.x.set(message.payload.subarray(0, this.dimension));
      this.joining = false;
    }
    return ACCEPTED;
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.configure(topology);
    return [];
  }

  private chooseTheta(losses: readonly number[] | undefined): number {
    if (this.theta !== undefined) return this.theta;
    const [atPredicted, atClipped] = losses ?? [];
    if (atPredicted === undefined || atClipped === undefined) return FALLBACK_THETA;
    return atPredicted < atClipped ? 1 : 0;
  }

  /** P and C from the mailbox as it is now (messages arriving during the computation wait for the next step). */
  private buildCandidates(): void {
    const { x, predicted, clipped, scratch, dimension: d } = this;
    const ownDegree = this.neighbours.length;
    predicted.set(x);
    clipped.set(x);
    let used = 0;
    let fresh = 0;
    for (const peer of this.neighbours) {
      const held = this.inbox.latest(peer);
      const age = this.completed - (this.arrivedAt.get(peer) ?? 0);
      if (held === undefined || age > this.horizon) continue;
      const w = metropolisWeight(ownDegree, held[2 * d] as number);
      const model = held.subarray(0, d);
      predictNeighbour(scratch, { own: x, model, gradient: held.subarray(d, 2 * d), step: this.learningRate, delay: age, lambda: this.lambda });
      // P = x + Σ w (x̂_l − x): an absent neighbour's weight stays with x.
      for (let k = 0; k < d; k++) predicted[k] = (predicted[k] as number) + w * ((scratch[k] as number) - (x[k] as number));
      used += w;
      if (age > this.clip) continue;
      for (let k = 0; k < d; k++) clipped[k] = (clipped[k] as number) + w * ((model[k] as number) - (x[k] as number));
      fresh += w;
    }
    // C = (w_self x + Σ_fresh w x_l) / (w_self + Σ_fresh w) with w_self = 1 − used; clipped holds x + Σ_fresh w (x_l − x).
    const total = 1 - used + fresh;
    for (let k = 0; k < d; k++) clipped[k] = (x[k] as number) + ((clipped[k] as number) - (x[k] as number)) / total;
  }

  private announce(): OutgoingMessage[] {
    if (this.neighbours.length === 0) return [];
    const d = this.dimension;
    const payload = this.allocate(2 * d + 1, this.precision);
    payload.set(this.x);
    payload.set(this.sentGradient, d);
    payload[2 * d] = this.neighbours.length;
    const seq = ++this.seq;
    return this.neighbours.map((to) => this.message(to, 'model-with-gradient', seq, payload));
  }

  private configure(topology: PeerTopology): void {
    this.neighbours = undirectedNeighbours(topology);
    this.neighbourSet = new Set(this.neighbours);
    this.inbox = new LatestMailbox(this.neighbours, 2 * this.dimension + 1, this.precision);
    this.arrivedAt.clear();
  }
}
