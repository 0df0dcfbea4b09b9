/**
 * Topology description: what the signaling server tells each peer about its place in the graphs,
 * and what the algorithms consume. Pure data, no behaviour (builders live in @canopy/algorithms).
 */
export type PeerId = string;

export type TopologyKind = 'two-trees' | 'ring' | 'exponential';

export interface WeightedEdge {
  readonly peer: PeerId;
  readonly weight: number;
}

/** One peer's neighbourhood in both graphs, with the weights it uses. */
export interface PeerLinks {
  /** G_R (pull graph, models): r_ii, and r_ij for each in-neighbour j whose model this peer pulls. Row sums to 1. */
  readonly pull: { readonly selfWeight: number; readonly in: readonly WeightedEdge[]; readonly out: readonly PeerId[] };
  /** G_C (push graph, trackers): c_ii, and c_li for each out-neighbour l this peer pushes to. Column sums to 1. */
  readonly push: { readonly selfWeight: number; readonly out: readonly WeightedEdge[]; readonly in: readonly PeerId[] };
}

/** The whole topology of one room at one epoch. */
export interface Topology {
  readonly kind: TopologyKind;
  readonly epoch: number;
  /** Common root of the pull and push trees (for ring/exponential graphs: the first peer). */
  readonly root: PeerId;
  /** Members in join order. */
  readonly peers: readonly PeerId[];
  readonly links: Readonly<Record<PeerId, PeerLinks>>;
  /** πᵀu, where π is R's left Perron vector and u is C's right Perron vector. */
  readonly piU: number;
}

/** What one peer receives: its own links plus the facts it needs from the whole. */
export interface PeerTopology extends PeerLinks {
  readonly id: PeerId;
  readonly kind: TopologyKind;
  readonly epoch: number;
  readonly root: PeerId;
  readonly size: number;
  /** This peer's position in join order (0 = oldest member): a distinct data shard per peer. */
  readonly index: number;
  /** 1 / (n · πᵀu): R-FAST uses γ = η · stepScale (ALGORITHMS.md, "Effective step"). */
  readonly stepScale: number;
  /**
   * Longest path from the root along G_R, in hops: a tree's tracking loop is about this many link round trips
   * (staleness-scaled-step.ts). Optional: a server that predates it sends none.
   */
  readonly depth?: number;
}
