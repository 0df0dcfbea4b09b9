/**
 * Node positions in layout units (1 unit = the minimum distance between two nodes of a row). Stable across
 * joins and leaves: a node keeps its position while the graph kind and root stay the same; a newcomer takes
 * the free place nearest to its pull parent, one row below it. Only a new root, a new graph kind or an
 * explicit tidy lays everything out again.
 */
import type { PeerId, Topology, TopologyKind } from '@canopy/protocol';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly kind: TopologyKind | null;
  readonly root: PeerId | null;
  readonly positions: ReadonlyMap<PeerId, Point>;
}

export const EMPTY_LAYOUT: Layout = { kind: null, root: null, positions: new Map() };

/** Each peer's parent in the pull tree (its first G_R in-neighbour), and its children in join order. */
function pullTree(topology: Topology): { parent: Map<PeerId, PeerId>; children: Map<PeerId, PeerId[]> } {
  const parent = new Map<PeerId, PeerId>();
  const children = new Map<PeerId, PeerId[]>(topology.peers.map((p) => [p, []]));
  for (const peer of topology.peers) {
    const up = topology.links[peer]?.pull.in[0]?.peer;
    if (up === undefined || up === peer || !children.has(up)) continue;
    parent.set(peer, up);
    children.get(up)?.push(peer);
  }
  return { parent, children };
}

/** Breadth-first from the root; peers the tree does not reach (never in a valid topology) come last. */
function depthOrder(topology: Topology, children: Map<PeerId, PeerId[]>): { order: PeerId[]; depth: Map<PeerId, number> } {
  const depth = new Map<PeerId, number>([[topology.root, 0]]);
  const order = [topology.root];
  for (let i = 0; i < order.length; i++) {
    const peer = order[i] as PeerId;
    for (const child of children.get(peer) ?? []) {
      if (depth.has(child)) continue;
      depth.set(child, (depth.get(peer) ?? 0) + 1);
      order.push(child);
    }
  }
  const deepest = Math.max(...depth.values());
  for (const peer of topology.peers) {
    if (depth.has(peer)) continue;
    depth.set(peer, deepest + 1);
    order.push(peer);
  }
  return { order, depth };
}

/** Tidy tree: leaves side by side, each parent centred over its children, one row per depth. */
function treeLayout(topology: Topology): Map<PeerId, Point> {
  const { children } = pullTree(topology);
  const { order, depth } = depthOrder(topology, children);
  const positions = new Map<PeerId, Point>();
  let nextLeaf = 0;
  const place = (peer: PeerId): number => {
    const kids = (children.get(peer) ?? []).filter((kid) => depth.get(kid) === (depth.get(peer) ?? 0) + 1);
    const x = kids.length === 0 ? nextLeaf++ : kids.map(place).reduce((a, b) => a + b, 0) / kids.length;
    positions.set(peer, { x, y: depth.get(peer) ?? 0 });
    return x;
  };
  place(topology.root);
  for (const peer of order) if (!positions.has(peer)) positions.set(peer, { x: nextLeaf++, y: depth.get(peer) ?? 0 });
  return positions;
}

/** Gossip graphs: a circle in join order, the root on top, neighbours about one unit apart. */
function circleLayout(topology: Topology): Map<PeerId, Point> {
  const n = topology.peers.length;
  const radius = Math.max(1, n / (2 * Math.PI));
  return new Map(
    topology.peers.map((peer, i) => {
      const angle = (2 * Math.PI * i) / n - Math.PI / 2;
      return [peer, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) }];
    }),
  );
}

export function tidyLayout(topology: Topology): Layout {
  const positions = topology.kind === 'two-trees' ? treeLayout(topology) : circleLayout(topology);
  return { kind: topology.kind, root: topology.root, positions };
}

/** The nearest x to `desired` that keeps at least one unit from every node already in row `y` (ties: rightwards). */
export function freeSlot(occupied: Iterable<Point>, y: number, desired: number): number {
  const row = [...occupied].filter((p) => Math.abs(p.y - y) < 0.5).map((p) => p.x);
  const free = (x: number): boolean => row.every((other) => Math.abs(other - x) >= 1 - 1e-9);
  // The nearest free place is the desired one or touches a neighbour: exactly one unit beside some node.
  const candidates = [desired, ...row.flatMap((x) => [x + 1, x - 1])].filter(free);
  return candidates.reduce((best, x) => {
    const d = Math.abs(x - desired) - Math.abs(best - desired);
    return d < -1e-9 || (Math.abs(d) <= 1e-9 && x > best) ? x : best;
  });
}

export function updateLayout(previous: Layout, topology: Topology | null): Layout {
  if (topology === null) return EMPTY_LAYOUT;
  // A circle cannot grow without moving its members, and a new root changes every depth: lay out again.
  if (topology.kind !== 'two-trees' || previous.kind !== topology.kind || previous.root !== topology.root) return tidyLayout(topology);
  const { parent, children } = pullTree(topology);
  const { order, depth } = depthOrder(topology, children);
  const positions = new Map<PeerId, Point>();
  for (const peer of topology.peers) {
    const kept = previous.positions.get(peer);
    if (kept !== undefined) positions.set(peer, kept);
  }
  // Breadth-first, so a newcomer's parent already has its place.
  for (const peer of order) {
    if (positions.has(peer)) continue;
    const up = parent.get(peer);
    const anchor = up === undefined ? undefined : positions.get(up);
    const y = anchor === undefined ? (depth.get(peer) ?? 0) : anchor.y + 1;
    const desired = anchor?.x ?? 0;
    positions.set(peer, { x: freeSlot(positions.values(), y, desired), y });
  }
  return { kind: topology.kind, root: topology.root, positions };
}
