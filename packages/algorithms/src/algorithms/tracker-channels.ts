/**
 * How gradient-tracker mass travels on G_C. R-FAST and the naive baseline differ only here:
 *  - RunningSumChannel (R-FAST): the sender keeps a cumulative sum ρ per out-link and sends it whole;
 *    the receiver absorbs ρ(latest) − ρ̃. A lost packet only delays mass (the next one carries it).
 *  - IncrementChannel (naive): the sender sends the increment c·z itself; the receiver adds every increment
 *    it gets. A lost packet loses that mass for good (the teaching baseline).
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { OutgoingMessage, RejectReason, Vector } from '../node';

/** Epoch and sequence number shared by the messages of one activation. */
export interface MessageHeader {
  readonly epoch: number;
  readonly seq: number;
}
import { LatestMailbox } from './latest-mailbox';
import { allFinite, norm } from './vectors';
import type { PayloadAllocator } from './options';

export interface TrackerChannel {
  readonly kind: 'tracker' | 'tracker-increment';
  isSource(peer: PeerId): boolean;
  /** Stores a payload from an in-link (epoch, sender and length already checked; finiteness is checked here). */
  accept(from: PeerId, seq: number, payload: Vector): RejectReason | undefined;
  /** Step 3: moves the mass received since the last call into z. */
  absorbInto(z: Float64Array): void;
  /** Sequence number of the latest payload held from `peer` (-1: none, or the channel keeps no latest-wins slot). */
  heldSeq(peer: PeerId): number;
  /** Step 5: pushes c_ℓi·z to every out-link (one message each, appended to `out`), then z ← c_ii·z. */
  pushFrom(z: Float64Array, header: MessageHeader, out: OutgoingMessage[]): void;
  /** Compressed channels: out-neighbour `peer` holds keyframe `seq` (false: `peer` is no out-link, or nothing is compressed). */
  acknowledge?(peer: PeerId, seq: number): boolean;
  /** The size screening measures for a payload from `from` (running sums: ‖ρ‖; increments: ‖increment‖). */
  incomingMass(from: PeerId, payload: Vector): number;
  /** Quarantine: takes back from z what was absorbed from `peer` this epoch (where the channel can) and ignores it from now on. */
  exclude(peer: PeerId, z: Float64Array): void;
}

type PushLinks = PeerTopology['push'];

interface OutLink {
  readonly peer: PeerId;
  readonly weight: number;
  /** R-FAST: running sum ρ_ℓi, already weighted by c_ℓi. */
  readonly sum: Float64Array;
}

interface InLink {
  readonly peer: PeerId;
  /** R-FAST: ρ̃_ij, the part of j's running sum already absorbed. Naive: increments not yet absorbed. */
  readonly absorbed: Float64Array;
  absorbedSeq: number;
}

abstract class ChannelBase {
  protected readonly out: readonly OutLink[];
  protected readonly in: readonly InLink[];
  protected readonly byPeer: ReadonlyMap<PeerId, InLink>;
  protected readonly keep: number;
  /** In-links quarantined this epoch: never absorbed again. */
  protected readonly excluded = new Set<PeerId>();

  constructor(
    links: PushLinks,
    protected readonly dimension: number,
    protected readonly allocate: PayloadAllocator,
  ) {
    this.out = links.out.map((e) => ({ peer: e.peer, weight: e.weight, sum: new Float64Array(dimension) }));
    this.in = links.in.map((peer) => ({ peer, absorbed: new Float64Array(dimension), absorbedSeq: -1 }));
    this.byPeer = new Map(this.in.map((link) => [link.peer, link]));
    this.keep = links.selfWeight;
  }

  isSource(peer: PeerId): boolean {
    return this.byPeer.has(peer);
  }

  protected keepShare(z: Float64Array): void {
    const keep = this.keep;
    if (keep === 1) return;
    for (let k = 0; k < z.length; k++) z[k] = keep * (z[k] as number);
  }
}

export class RunningSumChannel extends ChannelBase implements TrackerChannel {
  readonly kind = 'tracker';
  private readonly mailbox: LatestMailbox;

  /**
   * `ready(peer)`: whether a message to `peer` would be sent now (NodeOptions.sendsNow). A link that is not
   * ready still accumulates its share into ρ, but gets no message (no 800 KB payload built to be superseded):
   * ρ is cumulative, so the next message it does get carries that mass too.
   */
  constructor(
    links: PushLinks,
    dimension: number,
    allocate: PayloadAllocator,
    protected readonly ready: (peer: PeerId) => boolean = () => true,
  ) {
    super(links, dimension, allocate);
    this.mailbox = new LatestMailbox(links.in, dimension, 'f64');
  }

  accept(from: PeerId, seq: number, payload: Vector): RejectReason | undefined {
    const outcome = this.mailbox.offer(from, seq, payload);
    return outcome === 'stored' ? undefined : outcome;
  }

  heldSeq(peer: PeerId): number {
    return this.mailbox.seq(peer);
  }

  /** A running sum stays of its subtree's gradient scale (link-screening.ts): its own norm is what is bounded. */
  incomingMass(_from: PeerId, payload: Vector): number {
    return norm(payload);
  }

  exclude(peer: PeerId, z: Float64Array): void {
    const link = this.byPeer.get(peer);
    if (link === undefined || this.excluded.has(peer)) return;
    this.excluded.add(peer);
    // ρ̃ is exactly the mass absorbed from this link this epoch: z gives it all back.
    const tilde = link.absorbed;
    for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) - (tilde[k] as number);
    tilde.fill(0);
  }

  absorbInto(z: Float64Array): void {
    for (const link of this.in) {
      if (this.excluded.has(link.peer)) continue;
      const seq = this.mailbox.seq(link.peer);
      const latest = this.mailbox.latest(link.peer);
      if (latest === undefined || seq === link.absorbedSeq) continue;
      const tilde = link.absorbed;
      for (let k = 0; k < z.length; k++) {
        const rho = latest[k] as number;
        z[k] = (z[k] as number) + (rho - (tilde[k] as number));
        tilde[k] = rho;
      }
      link.absorbedSeq = seq;
    }
  }

  pushFrom(z: Float64Array, header: MessageHeader, out: OutgoingMessage[]): void {
    const last = this.out.length - 1;
    for (let index = 0; index <= last; index++) {
      const link = this.out[index] as OutLink;
      const { sum, weight } = link;
      // The last link also applies z ← c_ii·z in the same pass.
      const keep = index === last ? this.keep : 1;
      for (let k = 0; k < z.length; k++) {
        const zk = z[k] as number;
        sum[k] = (sum[k] as number) + weight * zk;
        z[k] = keep * zk;
      }
      if (!this.ready(link.peer)) continue;
      const payload = this.allocate(this.dimension, 'f64');
      payload.set(sum);
      out.push({ to: link.peer, kind: this.kind, epoch: header.epoch, seq: header.seq, payload });
    }
    if (last < 0) this.keepShare(z);
  }

  /** ρ per out-link and ρ̃ per in-link, for the mass invariant (read-only views). */
  sums(): { readonly outgoing: readonly LinkVector[]; readonly incoming: readonly LinkVector[] } {
    return {
      outgoing: this.out.map((l) => ({ peer: l.peer, values: l.sum })),
      incoming: this.in.map((l) => ({ peer: l.peer, values: l.absorbed })),
    };
  }
}

export interface LinkVector {
  readonly peer: PeerId;
  readonly values: Readonly<Float64Array>;
}

export class IncrementChannel extends ChannelBase implements TrackerChannel {
  readonly kind = 'tracker-increment';

  /** Every increment counts whatever its order: the naive baseline trusts the transport, and loses what it drops. */
  accept(from: PeerId, _seq: number, payload: Vector): RejectReason | undefined {
    const link = this.byPeer.get(from);
    if (link === undefined) return 'not-a-neighbour';
    if (!allFinite(payload)) return 'non-finite';
    const pending = link.absorbed;
    for (let k = 0; k < pending.length; k++) pending[k] = (pending[k] as number) + (payload[k] as number);
    return undefined;
  }

  /** Increments are not latest-wins: nothing is ever stale by sequence number. */
  heldSeq(): number {
    return -1;
  }

  incomingMass(_from: PeerId, payload: Vector): number {
    return norm(payload);
  }

  /** Increments already absorbed are mixed into z for good (the naive baseline keeps no record): only pending ones are dropped. */
  exclude(peer: PeerId): void {
    const link = this.byPeer.get(peer);
    if (link === undefined) return;
    this.excluded.add(peer);
    link.absorbed.fill(0);
  }

  absorbInto(z: Float64Array): void {
    for (const link of this.in) {
      if (this.excluded.has(link.peer)) continue;
      const pending = link.absorbed;
      for (let k = 0; k < z.length; k++) {
        z[k] = (z[k] as number) + (pending[k] as number);
        pending[k] = 0;
      }
    }
  }

  pushFrom(z: Float64Array, header: MessageHeader, out: OutgoingMessage[]): void {
    for (const link of this.out) {
      const payload = this.allocate(this.dimension, 'f64');
      for (let k = 0; k < z.length; k++) payload[k] = link.weight * (z[k] as number);
      out.push({ to: link.peer, kind: this.kind, epoch: header.epoch, seq: header.seq, payload });
    }
    this.keepShare(z);
  }
}
