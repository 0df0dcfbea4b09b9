/**
 * The two graphs as drawn edges, oriented the way data flows: a pull edge j→i carries j's model to i (G_R,
 * parent → child in the two trees), a push edge i→ℓ carries i's tracker mass to ℓ (G_C, child → parent).
 */
import type { PeerId, Topology } from '@canopy/protocol';

export type TreeKind = 'pull' | 'push';

export interface DrawnEdge {
  readonly kind: TreeKind;
  /** Sender of the data on this edge. */
  readonly from: PeerId;
  readonly to: PeerId;
  /** Unique per (kind, from, to). */
  readonly key: string;
}

export interface DrawnEdges {
  readonly pull: readonly DrawnEdge[];
  readonly push: readonly DrawnEdge[];
}

export const edgeKey = (kind: TreeKind, from: PeerId, to: PeerId): string => `${kind}:${from}>${to}`;
/** A directed pair regardless of tree: what the per-link counters of a sender describe. */
export const pairKey = (from: PeerId, to: PeerId): string => `${from}>${to}`;

const edge = (kind: TreeKind, from: PeerId, to: PeerId): DrawnEdge => ({ kind, from, to, key: edgeKey(kind, from, to) });

export function edgesOf(topology: Topology | null): DrawnEdges {
  if (topology === null) return { pull: [], push: [] };
  const members = new Set(topology.peers);
  const pull: DrawnEdge[] = [];
  const push: DrawnEdge[] = [];
  for (const peer of topology.peers) {
    const links = topology.links[peer];
    if (links === undefined) continue;
    // Each edge is listed once, from the side that owns its weight: the puller's row, the pusher's column.
    for (const parent of links.pull.in) if (members.has(parent.peer)) pull.push(edge('pull', parent.peer, peer));
    for (const target of links.push.out) if (members.has(target.peer)) push.push(edge('push', peer, target.peer));
  }
  return { pull, push };
}

/**
 * Perpendicular offsets (in pixels) for edges sharing a pair of nodes, so that pull and push edges (and both
 * directions of a ring) are side by side instead of on top of each other. Sign is relative to the pair's
 * canonical direction (lower id → higher id).
 */
export function edgeOffsets(edges: DrawnEdges, spacing: number): Map<string, number> {
  const byPair = new Map<string, DrawnEdge[]>();
  for (const e of [...edges.pull, ...edges.push]) {
    const pair = e.from < e.to ? pairKey(e.from, e.to) : pairKey(e.to, e.from);
    const list = byPair.get(pair) ?? [];
    list.push(e);
    byPair.set(pair, list);
  }
  const offsets = new Map<string, number>();
  for (const list of byPair.values()) {
    // A stable order, pull before push, forward before backward: the same pair always looks the same.
    const ordered = [...list].sort((a, b) => rank(a) - rank(b));
    ordered.forEach((e, index) => offsets.set(e.key, (index - (ordered.length - 1) / 2) * spacing));
  }
  return offsets;
}

function rank(e: DrawnEdge): number {
  return (e.kind === 'pull' ? 0 : 2) + (e.from < e.to ? 0 : 1);
}

/**
 * The drawn edge a message from one peer to another travels on, by directed pair: the pull edge when both
 * graphs have that direction (ring), the push edge otherwise. Pairs on neither graph are absent.
 */
export function edgesByPair(edges: DrawnEdges): Map<string, DrawnEdge> {
  const index = new Map<string, DrawnEdge>();
  for (const e of edges.push) index.set(pairKey(e.from, e.to), e);
  for (const e of edges.pull) index.set(pairKey(e.from, e.to), e);
  return index;
}
