/**
 * AllReduce-SGD, synchronous, over the two-trees topology: each round every node computes ∇f_i at the common
 * model, partial sums travel up G_C to the root ('reduce'), the root applies x ← x − η·Σg/n and the new model
 * travels down G_R ('broadcast'). A round waits for the slowest node by definition.
 *
 * Loss: a blocked round would never finish, so retransmit() resends this round's partial sum while waiting
 * for the broadcast, and a parent that receives a partial sum for a round it has already finished answers
 * with its current model (the child missed the broadcast). Duplicates are idempotent (latest-wins by round).
 * Epochs: a new epoch restarts round numbering at 0 and keeps x and an already computed gradient; nodes
 * that were one round apart converge on the root's next broadcast. A joiner (joinFromParent) contributes a
 * zero gradient to the round in which it joins and adopts the next broadcast.
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
import { LatestMailbox } from './latest-mailbox';
import { NodeCore } from './node-core';
import type { NodeRuntimeOptions } from './options';
import { ACCEPTED } from './screening';
import { allocVector } from './vectors';

export class AllReduceNode extends NodeCore implements AlgorithmNode {
  readonly algorithm = 'allreduce';

  private readonly x: Vector;
  private readonly ownGradient: Float64Array;
  private readonly partialSum: Float64Array;
  private round = 0;
  private joining: boolean;
  /** Own gradient at the current x is known (a joiner's is zero). */
  private haveOwn: boolean;
  private sentUp = false;
  private computing = false;
  /** Bumped whenever x changes, so a gradient computed at an older x is discarded. */
  private version = 0;
  private computingVersion = -1;
  private children: LatestMailbox;

  constructor(options: NodeRuntimeOptions) {
    super(options);
    requireTree(options.topology);
    this.x = allocVector(this.dimension, this.precision);
    this.x.set(options.x0);
    this.ownGradient = new Float64Array(this.dimension);
    this.partialSum = new Float64Array(this.dimension);
    this.joining = options.joinFromParent === true;
    this.haveOwn = this.joining;
    this.children = this.childMailbox();
  }

  model(): Vector {
    return this.x;
  }

  plan(): ActivationPlan {
    if (this.computing) return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
    if (this.joining) return { kind: 'wait', reason: 'joining: waiting for the broadcast of the next model' };
    if (this.haveOwn) {
      return { kind: 'wait', reason: this.sentUp ? 'waiting for the broadcast' : 'waiting for children partial sums' };
    }
    this.computing = true;
    this.computingVersion = this.version;
    return { kind: 'gradient', at: [this.x], batch: 'minibatch' };
  }

  complete(result: GradientResult): OutgoingMessage[] {
    if (!this.computing) throw new Error('complete() called without a pending plan()');
    this.computing = false;
    const grad = this.singleGradient(result);
    if (this.computingVersion !== this.version) return [];
    this.ownGradient.set(grad);
    this.haveOwn = true;
    this.completed++;
    return this.tryReduce();
  }

  receive(message: IncomingMessage): ReceiveResult {
    if (message.kind === 'reduce') return this.receivePartialSum(message);
    if (message.kind === 'broadcast') return this.receiveBroadcast(message);
    return this.rejections.reject('unexpected-kind');
  }

  setTopology(topology: PeerTopology): OutgoingMessage[] {
    if (!this.adoptTopology(topology)) return [];
    requireTree(topology);
    this.round = 0;
    this.sentUp = false;
    this.children = this.childMailbox();
    return this.tryReduce();
  }

  retransmit(): OutgoingMessage[] {
    return this.sentUp ? [this.partialSumMessage()] : this.tryReduce();
  }

  private receivePartialSum(message: IncomingMessage): ReceiveResult {
    const problem = this.screen(message, this.children.has(message.from));
    if (problem !== undefined) return this.rejections.reject(problem);
    if (message.seq < this.round) {
      // The child is a round behind: it missed our broadcast. Answer with the current model.
      if (this.joining) return this.rejections.reject('stale-seq');
      return { accepted: true, replies: [this.message(message.from, 'broadcast', this.round, this.copyOut(this.x))] };
    }
    const outcome = this.children.offer(message.from, message.seq, message.payload);
    if (outcome !== 'stored') return this.rejections.reject(outcome);
    return message.seq === this.round ? { accepted: true, replies: this.tryReduce() } : ACCEPTED;
  }

  private receiveBroadcast(message: IncomingMessage): ReceiveResult {
    const source = this.topology.pull.in[0]?.peer;
    const problem = this.screen(message, message.from === source);
    if (problem !== undefined) return this.rejections.reject(problem);
    if (message.seq <= this.round && !this.joining) return this.rejections.reject('stale-seq');
    this.x.set(message.payload);
    this.version++;
    this.round = message.seq;
    this.joining = false;
    this.haveOwn = false;
    this.sentUp = false;
    return { accepted: true, replies: this.broadcastDown() };
  }

  /** Once the own gradient and every child's partial sum for this round are in: send up, or (root) step. */
  private tryReduce(): OutgoingMessage[] {
    if (!this.haveOwn || this.sentUp) return [];
    const children = this.topology.push.in;
    for (const child of children) if (this.children.seq(child) !== this.round) return [];
    const sum = this.partialSum;
    sum.set(this.ownGradient);
    for (const child of children) {
      const part = this.children.latest(child) as Vector;
      for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + (part[k] as number);
    }
    if (this.parent() !== undefined) {
      this.sentUp = true;
      return [this.partialSumMessage()];
    }
    const step = this.learningRate / this.topology.size;
    const { x } = this;
    for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) - step * (sum[k] as number);
    this.version++;
    this.round++;
    this.haveOwn = false;
    return this.broadcastDown();
  }

  private broadcastDown(): OutgoingMessage[] {
    const targets = this.topology.pull.out;
    if (targets.length === 0) return [];
    const payload = this.copyOut(this.x);
    return targets.map((to) => this.message(to, 'broadcast', this.round, payload));
  }

  private partialSumMessage(): OutgoingMessage {
    return this.message(this.parent() as PeerId, 'reduce', this.round, this.copyOut(this.partialSum));
  }

  private parent(): PeerId | undefined {
    return this.topology.push.out[0]?.peer;
  }

  private childMailbox(): LatestMailbox {
    return new LatestMailbox(this.topology.push.in, this.dimension, 'f64');
  }
}

function requireTree(topology: PeerTopology): void {
  if (topology.push.out.length > 1 || topology.pull.in.length > 1) {
    throw new RangeError(`allreduce needs a tree topology (two-trees); got "${topology.kind}"`);
  }
}
