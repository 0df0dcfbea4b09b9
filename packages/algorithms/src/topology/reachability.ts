import type { PeerId } from '@canopy/protocol';

/** Successors of a node in some directed graph. */
export type Successors = (id: PeerId) => Iterable<PeerId>;

/** Every node reachable from `start` (itself included). */
export function reachableFrom(start: PeerId, next: Successors): Set<PeerId> {
  const seen = new Set<PeerId>([start]);
  const stack: PeerId[] = [start];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const neighbour of next(id)) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      stack.push(neighbour);
    }
  }
  return seen;
}

/** Nodes from which every node is reachable: the possible roots of a spanning tree. O(n · (n + m)). */
export function spanningRoots(nodes: readonly PeerId[], next: Successors): PeerId[] {
  return nodes.filter((id) => reachableFrom(id, next).size >= nodes.length);
}
