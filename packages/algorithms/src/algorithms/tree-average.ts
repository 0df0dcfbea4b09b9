/**
 * A round-based average of one vector per node over the two trees (Local SGD and Overlap-Local-SGD): weighted
 * partial sums go up G_C ('reduce', seq = round), the root divides by the total weight and the mean comes down
 * G_R ('broadcast', seq = round), each node forwarding it to its children. The same protocol as AllReduce
 * (allreduce.ts), kept separate because here the mean itself is the result and it may arrive while the node is
 * busy with local steps (Overlap).
 *
 * Loss: retransmit() resends this round's partial sum while the node waits for the mean, and a parent that
 * receives a partial sum of the round it has just finished answers with that round's mean (the child missed the
 * broadcast). A node is never more than one round ahead of a child (the next round needs the child's sum), so
 * keeping the last mean suffices. Duplicates are refused as stale (latest-wins by round).
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { IncomingMessage, OutgoingMessage, Precision, ReceiveResult, RejectReason, Vector } from '../node';
import type { PayloadAllocator } from './options';
import { ACCEPTED, epochReason, payloadReason } from './screening';
import { TreeReduce } from './tree-reduce';
import { allocVector } from './vectors';

const refuse = (reason: RejectReason): ReceiveResult => ({ accepted: false, reason });

export class TreeAverage {
  private topology: PeerTopology;
  private readonly reduce: TreeReduce;
  private sentUp = false;
  private readonly lastMean: Vector;
  private lastRound = -1;

  constructor(
    private readonly dimension: number,
    private readonly precision: Precision,
    private readonly allocate: PayloadAllocator,
    topology: PeerTopology,
  ) {
    this.topology = topology;
    this.reduce = new TreeReduce(dimension, topology);
    this.lastMean = allocVector(dimension, precision);
  }

  /** The round the next (or pending) contribution belongs to. */
  get round(): number {
    return this.reduce.round;
  }

  get hasContributed(): boolean {
    return this.reduce.hasContributed;
  }

  /** Adds this node's vector with a weight (1, or 0 for a joiner) to the current round; returns what to send. */
  contribute(values: Vector, weight: number): OutgoingMessage[] {
    this.reduce.contribute(values, weight);
    return this.progress();
  }

  /** The mean of `round` once known here (a live view, valid until the next round completes). */
  result(round: number): Vector | undefined {
    return round === this.lastRound ? this.lastMean : undefined;
  }

  /** Screens and handles a 'reduce' or 'broadcast'; a refusal carries its reason (the node counts it). */
  receive(message: IncomingMessage): ReceiveResult {
    if (message.kind === 'reduce') return this.receivePartial(message);
    if (message.kind === 'broadcast') return this.receiveMean(message);
    return refuse('unexpected-kind');
  }

  /** While waiting for the mean: this round's partial sum again. */
  retransmit(): OutgoingMessage[] {
    return this.sentUp ? [this.partialSumMessage()] : [];
  }

  /** A new epoch: rounds restart at 0 and anything in flight is forgotten. */
  reset(topology: PeerTopology): void {
    this.topology = topology;
    this.reduce.reset(topology);
    this.sentUp = false;
    this.lastRound = -1;
  }

  private receivePartial(message: IncomingMessage): ReceiveResult {
    const problem =
      epochReason(message.epoch, this.topology.epoch) ??
      (this.reduce.isChild(message.from) ? undefined : 'not-a-neighbour') ??
      payloadReason(message.payload, this.reduce.payloadLength);
    if (problem !== undefined) return refuse(problem);
    if (message.seq < this.round) {
      // The child is a round behind: it missed the broadcast of the round just finished.
      if (message.seq !== this.lastRound) return refuse('stale-seq');
      return { accepted: true, replies: [this.meanMessage(message.from, this.lastRound, this.copy(this.lastMean))] };
    }
    const outcome = this.reduce.offer(message.from, message.seq, message.payload);
    if (outcome !== 'stored') return refuse(outcome);
    return message.seq === this.round ? { accepted: true, replies: this.progress() } : ACCEPTED;
  }

  private receiveMean(message: IncomingMessage): ReceiveResult {
    const parent = this.topology.pull.in[0]?.peer;
    const problem =
      epochReason(message.epoch, this.topology.epoch) ??
      (message.from === parent ? undefined : 'not-a-neighbour') ??
      payloadReason(message.payload, this.dimension);
    if (problem !== undefined) return refuse(problem);
    if (message.seq !== this.round || !this.sentUp) return refuse('stale-seq');
    this.lastMean.set(message.payload);
    return { accepted: true, replies: this.finishRound() };
  }

  /** Once everything of this round is in: send the sum up, or (root) compute the mean and send it down. */
  private progress(): OutgoingMessage[] {
    const total = this.reduce.collect();
    if (total === undefined) return [];
    if (this.reduce.parent !== undefined) {
      this.sentUp = true;
      return [this.partialSumMessage()];
    }
    const weight = total[this.dimension] as number;
    // The root always contributes weight 1 (a root never joins), so weight > 0; the guard only avoids a NaN.
    const scale = weight > 0 ? 1 / weight : 0;
    const mean = this.lastMean;
    for (let k = 0; k < this.dimension; k++) mean[k] = scale * (total[k] as number);
    return this.finishRound();
  }

  /** lastMean holds this round's mean: remember it, move to the next round, pass the mean to the children. */
  private finishRound(): OutgoingMessage[] {
    const round = this.round;
    this.lastRound = round;
    this.reduce.advance();
    this.sentUp = false;
    const children = this.topology.pull.out;
    if (children.length === 0) return [];
    const payload = this.copy(this.lastMean);
    return children.map((to) => this.meanMessage(to, round, payload));
  }

  private partialSumMessage(): OutgoingMessage {
    const parent = this.reduce.parent as PeerId;
    return { to: parent, kind: 'reduce', epoch: this.topology.epoch, seq: this.round, payload: this.copy(this.reduce.total()) };
  }

  private meanMessage(to: PeerId, round: number, payload: Vector): OutgoingMessage {
    return { to, kind: 'broadcast', epoch: this.topology.epoch, seq: round, payload };
  }

  private copy(source: Readonly<Float64Array> | Vector): Vector {
    const payload = this.allocate(source.length, this.precision);
    payload.set(source);
    return payload;
  }
}
