/**
 * The upward half of a tree all-reduce, one round at a time, over G_C of a two-trees topology: a node adds its
 * own weighted contribution to its children's partial sums and hands the total to its parent; the root ends up
 * with Σ w·values and Σ w. A partial sum travels as [Σ w·values..., Σ w], so a joiner can take part with
 * weight 0 and the root divides by the weight that actually arrived. This class only keeps the sums: the node
 * builds and screens the messages (kinds, epochs) and decides what the root does with the total.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { Vector } from '../node';
import { LatestMailbox, type OfferOutcome } from './latest-mailbox';

export type PartialSumOutcome = OfferOutcome | 'wrong-size';

export class TreeReduce {
  private mailbox!: LatestMailbox;
  private childPeers: readonly PeerId[] = [];
  private parentPeer: PeerId | undefined;
  private current = 0;
  /** Own contribution of this round, [weight·values..., weight]. */
  private readonly own: Float64Array;
  /** Σ over own and children, [Σ w·values..., Σ w]; valid once collected. */
  private readonly sum: Float64Array;
  private contributed = false;
  private collected = false;

  constructor(
    private readonly dimension: number,
    topology: PeerTopology,
  ) {
    this.own = new Float64Array(dimension + 1);
    this.sum = new Float64Array(dimension + 1);
    this.reset(topology);
  }

  /** Length of a partial-sum payload. */
  get payloadLength(): number {
    return this.dimension + 1;
  }

  get round(): number {
    return this.current;
  }

  get parent(): PeerId | undefined {
    return this.parentPeer;
  }

  get children(): readonly PeerId[] {
    return this.childPeers;
  }

  get hasContributed(): boolean {
    return this.contributed;
  }

  get isCollected(): boolean {
    return this.collected;
  }

  /** A new epoch: round 0, nothing contributed, children's sums forgotten. */
  reset(topology: PeerTopology): void {
    if (topology.push.out.length > 1 || topology.pull.in.length > 1) {
      throw new RangeError(`a tree reduce needs a tree topology (two-trees); got "${topology.kind}"`);
    }
    this.childPeers = topology.push.in;
    this.parentPeer = topology.push.out[0]?.peer;
    this.mailbox = new LatestMailbox(this.childPeers, this.payloadLength, 'f64');
    this.current = 0;
    this.contributed = false;
    this.collected = false;
  }

  isChild(peer: PeerId): boolean {
    return this.mailbox.has(peer);
  }

  contribute(values: Vector, weight: number): void {
    if (this.contributed) throw new Error(`already contributed to round ${this.current}`);
    if (values.length !== this.dimension) throw new RangeError(`contribution must have length ${this.dimension}`);
    // Stored pre-weighted: the total is then [Σ w·values, Σ w] and the weighted mean one division away.
    for (let k = 0; k < this.dimension; k++) this.own[k] = weight * (values[k] as number);
    this.own[this.dimension] = weight;
    this.contributed = true;
  }

  /** Stores a child's partial sum (latest round wins); a negative weight makes it malformed. */
  offer(from: PeerId, round: number, payload: Vector): PartialSumOutcome {
    if (payload.length !== this.payloadLength) return 'wrong-size';
    if (!((payload[this.dimension] as number) >= 0)) return 'wrong-size';
    return this.mailbox.offer(from, round, payload);
  }

  /** Whether that child's partial sum for this round is in. */
  hasPartial(child: PeerId): boolean {
    return this.mailbox.seq(child) === this.current;
  }

  /** Children whose partial sum for this round is still missing. */
  missingChildren(): PeerId[] {
    return this.childPeers.filter((child) => !this.hasPartial(child));
  }

  /** The first time own and every child's sum of this round are in: [Σ w·values..., Σ w]; else undefined. */
  collect(): Readonly<Float64Array> | undefined {
    if (this.collected || !this.contributed) return undefined;
    for (const child of this.childPeers) if (!this.hasPartial(child)) return undefined;
    const { sum } = this;
    sum.set(this.own);
    for (const child of this.childPeers) {
      const part = this.mailbox.latest(child) as Vector;
      for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + (part[k] as number);
    }
    this.collected = true;
    return sum;
  }

  /** The collected total of this round (what a non-root sends up, again on retransmission). */
  total(): Readonly<Float64Array> {
    if (!this.collected) throw new Error(`round ${this.current} is not collected yet`);
    return this.sum;
  }

  /** Next round. */
  advance(): void {
    this.current++;
    this.contributed = false;
    this.collected = false;
  }
}
