import type { PeerId } from '@canopy/protocol';

/**
 * Measured one-way latency in ms: latency[a][b] is the delay of a message from a to b.
 * A missing entry falls back to the reverse direction, then to "unknown" (treated as infinitely slow).
 */
export type LatencyMatrix = Readonly<Record<PeerId, Readonly<Record<PeerId, number>>>>;

export interface TwoTreesOptions {
  /** Maximum children per node (k of the k-ary tree); an integer ≥ 1 or Infinity. Default 2. */
  readonly fanOut?: number;
  /** Default 0. */
  readonly epoch?: number;
  /** Build the pull tree from measured latencies (capacity-limited shortest-path tree from the root). */
  readonly latency?: LatencyMatrix;
  /**
   * 'same' (default): G_C is the pull tree reversed. 'latency': G_C is its own shortest-path tree towards the
   * root using child→parent latencies (needs `latency`); both trees keep the same root.
   */
  readonly pushTree?: 'same' | 'latency';
}

export interface GossipOptions {
  /** Default 0. */
  readonly epoch?: number;
}

/** Options accepted by the `buildTopology` dispatcher: the union of every builder's options. */
export type BuildOptions = TwoTreesOptions & GossipOptions;

export interface RepairOptions {
  /** Fan-out limit respected when (re-)attaching peers in two-trees topologies. Default 2. */
  readonly fanOut?: number;
  /** When given, a joiner attaches under the free parent with the lowest latency path to the root. */
  readonly latency?: LatencyMatrix;
}

export const DEFAULT_FAN_OUT = 2;

export function resolveFanOut(fanOut: number | undefined): number {
  const k = fanOut ?? DEFAULT_FAN_OUT;
  if (k !== Infinity && !(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`fanOut must be an integer ≥ 1 or Infinity, got ${k}`);
  }
  return k;
}

export function resolveEpoch(epoch: number | undefined): number {
  const e = epoch ?? 0;
  if (!Number.isSafeInteger(e) || e < 0) throw new RangeError(`epoch must be a non-negative integer, got ${e}`);
  return e;
}
