/**
 * R-FAST (ALGORITHMS.md §1): asynchronous gradient tracking whose tracker mass travels as running sums,
 * so packet loss and reordering only delay mass. invariantTerms() exposes what the mass invariant
 * Σ_i z_i + Σ_links (ρ_ij − ρ̃_ij) = Σ_i g_i is made of. With options.compression, ρ is ρ_wire (the running
 * sum as receivers reconstruct it, see compressed-tracker-channel.ts) and the invariant still holds exactly.
 */
import type { PeerId, PeerTopology } from '@canopy/protocol';
import type { NodeRuntimeOptions } from './options';
import { CompressedRunningSumChannel } from './compressed-tracker-channel';
import { RunningSumChannel, type LinkVector } from './tracker-channels';
import { TrackingNode } from './tracking-node';

export interface InvariantTerms {
  readonly id: PeerId;
  readonly z: Readonly<Float64Array>;
  readonly g: Readonly<Float64Array>;
  /** ρ_ℓi per G_C out-link (sender side, already weighted). */
  readonly outgoing: readonly LinkVector[];
  /** ρ̃_ij per G_C in-link (receiver side). */
  readonly incoming: readonly LinkVector[];
}

/** A node whose tracker mass can be audited (R-FAST); others do not implement it. */
export interface MassAuditable {
  invariantTerms(): InvariantTerms;
}

export function isMassAuditable(node: object): node is MassAuditable {
  return typeof (node as Partial<MassAuditable>).invariantTerms === 'function';
}

export class RFastNode extends TrackingNode<RunningSumChannel> implements MassAuditable {
  readonly algorithm = 'rfast';

  constructor(options: NodeRuntimeOptions) {
    super(options, true);
  }

  protected createChannel(links: PeerTopology['push']): RunningSumChannel {
    if (this.compression === undefined) return new RunningSumChannel(links, this.dimension, this.allocate, (peer) => this.sendsNow(peer, 'tracker'));
    // Running sums grow without bound: their keyframes are always f64 (ALGORITHMS.md, "Precision").
    return new CompressedRunningSumChannel(links, this.dimension, this.allocate, () => this.newEncoder('f64'), (peer) => this.sendsNow(peer, 'tracker'));
  }

  invariantTerms(): InvariantTerms {
    return { id: this.id, z: this.z, g: this.g, ...this.channel.sums() };
  }
}
