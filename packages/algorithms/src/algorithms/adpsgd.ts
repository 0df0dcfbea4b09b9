/**
 * AD-PSGD, asynchronous gossip: after each local SGD step x ← x − η∇f_i(x̂) (x̂ = the model when the gradient
 * was planned), the node sends x to one random neighbour ('pair-request'). The partner replies with its model
 * before averaging and averages; the requester averages on reply. No barrier and no waiting: a lost request
 * or reply only skips that averaging. Neighbours are undirected (both graphs). A joiner adopts the model of
 * the first neighbour that pairs with it, and replies with that same model so the partner's average is a no-op.
 * A reply may come back after the node has already sent its next request (a round trip can outlast a step):
 * it is still averaged in, as long as it answers one of the last few unanswered requests.
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
import { undirectedNeighbours } from './neighbourhood';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { ACCEPTED } from './screening';
import { allocVector, averageInto } from './vectors';

/** Unanswered requests remembered (older ones are forgotten: their replies are refused as stale). */
const MAX_OUTSTANDING = 8;

export class AdpsgdNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'adpsgd';

  private readonly x: Vector;
  /** x̂: the model the pending gradient is computed at (x may be averaged meanwhile). */
  private readonly gradientPoint: Vector;
  private computing = false;
  private joining: boolean;
  private neighbours: readonly PeerId[];
  private neighbourSet: ReadonlySet<PeerId>;
  /** Unanswered requests: seq → partner. */
  private readonly outstanding = new Map<number, PeerId>();
  private requestSeq = 0;
  private readonly random: () => number;

  constructor(options: NodeRuntimeOptions) {
    super(options);
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.gradientPoint = allocVector(this.dimension, this.precision);
    this.joining = options.joinFromParent === true;
    this.random = options.random;
    this.neighbours = undirectedNeighbours(options.topology);
    this.neighbourSet = new Set(this.neighbours);
  }

  model(): Vector {
    return this.x;
  }

  plan(): ActivationPlan {
    if (this.joining) return { kind: 'wait', reason: 'joining: waiting for a neighbour to pair with' };
    if (!this.computing) {
      this.gradientPoint.set(this.x);
      this.computing = true;
    }
    return { kind: 'gradient', at: [this.gradientPoint], batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    if (!this.computing) throw new Error('complete() called without a pending plan()');
    this.computing = false;
    this.localSgdStep(this.x, result);
    if (this.neighbours.length === 0) return [];
    const index = Math.min(this.neighbours.length - 1, Math.floor(this.random() * this.neighbours.length));
    const to = this.neighbours[index] as PeerId;
    const seq = ++this.requestSeq;
    this.outstanding.set(seq, to);
    if (this.outstanding.size > MAX_OUTSTANDING) this.outstanding.delete(seq - MAX_OUTSTANDING);
    return [this.message(to, 'pair-request', seq, this.copyOut(this.x))];
  }

  receive(message: IncomingMessage): ReceiveResult {
    if (message.kind !== 'pair-request' && message.kind !== 'pair-reply') return this.rejections.reject('unexpected-kind');
    const problem = this.screen(message, this.neighbourSet.has(message.from));
    if (problem !== undefined) return this.rejections.reject(problem);
    return message.kind === 'pair-request' ? this.answer(message) : this.conclude(message);
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    this.neighbours = undirectedNeighbours(topology);
    this.neighbourSet = new Set(this.neighbours);
    this.outstanding.clear();
    return [];
  }

  private answer(request: IncomingMessage): ReceiveResult {
    if (this.joining) {
      this.x.set(request.payload);
      this.joining = false;
      return { accepted: true, replies: [this.message(request.from, 'pair-reply', request.seq, this.copyOut(request.payload))] };
    }
    const reply = this.message(request.from, 'pair-reply', request.seq, this.copyOut(this.x));
    averageInto(this.x, request.payload);
    return { accepted: true, replies: [reply] };
  }

  private conclude(reply: IncomingMessage): ReceiveResult {
    if (this.outstanding.get(reply.seq) !== reply.from) return this.rejections.reject('stale-seq');
    this.outstanding.delete(reply.seq);
    averageInto(this.x, reply.payload);
    return ACCEPTED;
  }
}
