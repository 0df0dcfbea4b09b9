/**
 * D-PSGD, synchronous gossip: x_i ← Σ_j w_ij x_j − η ∇f_i(x_i), one barrier per round with the neighbours.
 * W is doubly stochastic: the pull weights of a ring/exponential topology (uniform over a regular graph), or
 * Metropolis weights w_ij = 1/(1 + max(d_i, d_j)) on the undirected tree of a two-trees topology. Metropolis
 * needs the neighbours' degrees: nodes exchange them in 'hello' messages (payload [degree, wantsReply]).
 *
 * Rounds: the gradient at x^k is computed while neighbours' x^k arrive; the node mixes as soon as it has both,
 * sends x^{k+1} to every neighbour, and a neighbour is never more than one round apart. Every node starts
 * from the common x⁰, so round 0 needs no messages (a joiner adopts its pull parent's model instead).
 * Loss: retransmit() resends x^k to every neighbour and x^{k−1} to those whose x^k is missing (they may be a
 * round behind); duplicates are harmless. A new epoch restarts rounds at 0 from the current x.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type {
  ActivationPlan,
  AlgorithmNode,
  GradientResult,
  IncomingMessage,
  OutgoingMessage,
  ReceiveResult,
  Vector,
} from '../node';
import { metropolisWeight, undirectedNeighbours } from './neighbourhood';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { RoundMailbox } from './round-mailbox';
import { ACCEPTED } from './screening';
import { allocVector } from './vectors';

const HELLO_LENGTH = 2;

export class DpsgdNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'dpsgd';

  private readonly x: Vector;
  private readonly previous: Vector;
  private hasPrevious = false;
  private readonly gradient: Float64Array;
  private haveGradient = false;
  private computing = false;
  private round = 0;
  private joining: boolean;
  private neighbours: readonly PeerId[] = [];
  private inbox!: RoundMailbox;
  private metropolis = false;
  private degrees = new Map<PeerId, number>();
  private helloSent = new Set<PeerId>();
  private pullWeights = new Map<PeerId, number>();

  constructor(options: NodeRuntimeOptions) {
    super(options);
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.previous = allocVector(this.dimension, this.precision);
    this.gradient = new Float64Array(this.dimension);
    this.joining = options.joinFromParent === true;
    this.configure(options.topology);
    if (!this.joining) for (const peer of this.neighbours) this.inbox.offer(peer, 0, options.x0);
  }

  model(): Vector {
    return this.x;
  }

  plan(): ActivationPlan {
    if (this.computing) return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
    if (this.joining) return { kind: 'wait', reason: 'joining: waiting for a model from a pull in-neighbour' };
    if (this.haveGradient) return { kind: 'wait', reason: `barrier: waiting for neighbour models of round ${this.round}` };
    this.computing = true;
    return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    if (!this.computing) throw new Error('complete() called without a pending plan()');
    this.computing = false;
    const grad = this.singleGradient(result);
    this.gradient.set(grad);
    this.haveGradient = true;
    this.completed++;
    const unsent = this.metropolis ? this.neighbours.filter((p) => !this.helloSent.has(p)) : [];
    return [...this.hellos(unsent), ...this.tryMix()];
  }

  receive(message: IncomingMessage): ReceiveResult {
    if (message.kind === 'gossip') return this.receiveModel(message);
    if (message.kind === 'hello' && this.metropolis) return this.receiveHello(message);
    return this.rejections.reject('unexpected-kind');
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.configure(topology);
    this.round = 0;
    this.hasPrevious = false;
    if (this.joining) return [];
    return this.announce();
  }

  retransmit(): OutgoingMessage[] {
    if (this.joining) return [];
    const lacking = this.metropolis ? this.neighbours.filter((p) => !this.degrees.has(p)) : [];
    const messages = [...this.hellos(lacking), ...this.gossip(this.x, this.round, this.neighbours)];
    if (this.hasPrevious) {
      const behind = this.neighbours.filter((p) => this.inbox.get(p, this.round) === undefined);
      messages.push(...this.gossip(this.previous, this.round - 1, behind));
    }
    return messages;
  }

  private receiveModel(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, this.inbox.has(message.from));
    if (problem !== undefined) return this.rejections.reject(problem);
    const { from, seq, payload } = message;
    if (this.joining) {
      this.inbox.offer(from, seq, payload);
      if (!this.pullWeights.has(from)) return ACCEPTED;
      this.x.set(payload);
      this.round = seq;
      this.joining = false;
      return { accepted: true, replies: this.announce() };
    }
    // Outside [round, round + 1] cannot happen with a neighbour barrier: only a stray duplicate lands here.
    if (seq < this.round || seq > this.round + 1) return this.rejections.reject('stale-seq');
    if (!this.inbox.offer(from, seq, payload)) return this.rejections.reject('stale-seq');
    return seq === this.round ? { accepted: true, replies: this.tryMix() } : ACCEPTED;
  }

  private receiveHello(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, this.inbox.has(message.from), HELLO_LENGTH);
    if (problem !== undefined) return this.rejections.reject(problem);
    const degree = message.payload[0] as number;
    // A degree must be a positive integer: anything else is a malformed hello.
    if (!(Number.isInteger(degree) && degree >= 1)) return this.rejections.reject('wrong-size');
    this.degrees.set(message.from, degree);
    const replies = message.payload[1] === 1 ? this.hellos([message.from]) : [];
    return { accepted: true, replies: [...replies, ...this.tryMix()] };
  }

  /** Start of an epoch (or of a joiner's life): degrees, then x^round, to every neighbour. */
  private announce(): OutgoingMessage[] {
    const hellos = this.metropolis ? this.hellos(this.neighbours) : [];
    return [...hellos, ...this.gossip(this.x, this.round, this.neighbours), ...this.tryMix()];
  }

  /** Mixes as soon as the own gradient and every neighbour's x^k are in; returns x^{k+1} for the neighbours. */
  private tryMix(): OutgoingMessage[] {
    if (!this.haveGradient) return [];
    if (this.metropolis && this.degrees.size < this.neighbours.length) return [];
    const models: Vector[] = [];
    for (const peer of this.neighbours) {
      const model = this.inbox.get(peer, this.round);
      if (model === undefined) return [];
      models.push(model);
    }
    const weights = this.neighbours.map((peer) => this.weightOf(peer));
    const selfWeight = this.metropolis ? 1 - weights.reduce((a, b) => a + b, 0) : this.topology.pull.selfWeight;
    const { x, previous, gradient } = this;
    previous.set(x);
    const eta = this.learningRate;
    for (let k = 0; k < x.length; k++) x[k] = selfWeight * (previous[k] as number) - eta * (gradient[k] as number);
    models.forEach((model, index) => {
      const w = weights[index] as number;
      if (w === 0) return;
      for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) + w * (model[k] as number);
    });
    this.hasPrevious = true;
    this.haveGradient = false;
    this.round++;
    return this.gossip(x, this.round, this.neighbours);
  }

  private weightOf(peer: PeerId): number {
    if (!this.metropolis) return this.pullWeights.get(peer) ?? 0;
    return metropolisWeight(this.neighbours.length, this.degrees.get(peer) as number);
  }

  private gossip(model: Vector, round: number, to: readonly PeerId[]): OutgoingMessage[] {
    if (to.length === 0) return [];
    const payload = this.copyOut(model);
    return to.map((peer) => this.message(peer, 'gossip', round, payload));
  }

  private hellos(to: readonly PeerId[]): OutgoingMessage[] {
    return to.map((peer) => {
      this.helloSent.add(peer);
      const payload = this.allocate(HELLO_LENGTH, 'f64');
      payload[0] = this.neighbours.length;
      payload[1] = this.degrees.has(peer) ? 0 : 1;
      return this.message(peer, 'hello', this.round, payload);
    });
  }

  private configure(topology: PeerTopology): void {
    this.neighbours = undirectedNeighbours(topology);
    this.inbox = new RoundMailbox(this.neighbours, this.dimension, this.precision);
    this.metropolis = topology.kind === 'two-trees';
    this.degrees = new Map();
    this.helloSent = new Set();
    this.pullWeights = new Map(topology.pull.in.map((e) => [e.peer, e.weight]));
  }
}
