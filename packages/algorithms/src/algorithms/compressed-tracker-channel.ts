/**
 * R-FAST's running sums with compression and error feedback (ALGORITHMS.md §3, last bullet). The out-link
 * "sum" is ρ_wire: the running sum exactly as receivers reconstruct it. Step 5 becomes, per out-link ℓ:
 *   desired = ρ_wire + c_ℓi·z;  ρ_wire' = what the link's encoder makes of it;  z ← z − (ρ_wire' − ρ_wire)
 * so the quantization residual stays in z and Σz + Σ(ρ_wire − ρ̃) = Σg holds exactly (up to f64 rounding).
 * A link the transport says is not ready this step is skipped: its share c_ℓi·z simply stays in z.
 * Receiving is unchanged: the node decodes a message into ρ_wire before RunningSumChannel.accept().
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { OutgoingMessage } from '../node';
import type { LinkEncoder } from './link-codec';
import type { PayloadAllocator } from './options';
import { RunningSumChannel, type MessageHeader } from './tracker-channels';

export class CompressedRunningSumChannel extends RunningSumChannel {
  private readonly encoders: readonly LinkEncoder[];
  /** z as it was before step 5: every link's share c_ℓi·z is taken from the same z. */
  private readonly before: Float64Array;
  private readonly desired: Float64Array;

  /**
   * `ready(peer)`: whether a message to `peer` would be sent now (NodeOptions.sendsNow). A link that is not
   * ready gets nothing this step, so its share stays in z: an encoded message that is never sent would leave
   * later deltas referring to a keyframe the receiver never got.
   */
  constructor(
    links: PeerTopology['push'],
    dimension: number,
    allocate: PayloadAllocator,
    newEncoder: () => LinkEncoder,
    ready: (peer: PeerId) => boolean = () => true,
  ) {
    super(links, dimension, allocate, ready);
    this.encoders = this.out.map(() => newEncoder());
    this.before = new Float64Array(dimension);
    this.desired = new Float64Array(dimension);
  }

  acknowledge(peer: PeerId, seq: number): boolean {
    const index = this.out.findIndex((link) => link.peer === peer);
    if (index < 0) return false;
    (this.encoders[index] as LinkEncoder).acknowledge(seq);
    return true;
  }

  override pushFrom(z: Float64Array, header: MessageHeader, out: OutgoingMessage[]): void {
    if (this.out.length === 0) {
      this.keepShare(z);
      return;
    }
    const { before, desired } = this;
    before.set(z);
    this.out.forEach((link, index) => {
      if (!this.ready(link.peer)) return;
      const { sum, weight } = link;
      for (let k = 0; k < desired.length; k++) desired[k] = (sum[k] as number) + weight * (before[k] as number);
      const { bytes, decoded } = (this.encoders[index] as LinkEncoder).encode(desired, header.seq);
      for (let k = 0; k < z.length; k++) {
        const wire = decoded[k] as number;
        z[k] = (z[k] as number) - (wire - (sum[k] as number));
        sum[k] = wire;
      }
      // The payload is empty: the bytes travel instead (node.ts, OutgoingMessage.encoded).
      out.push({ to: link.peer, kind: this.kind, epoch: header.epoch, seq: header.seq, payload: this.allocate(0, 'f64'), encoded: bytes });
    });
  }
}
