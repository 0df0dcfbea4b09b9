import type { PeerId } from '@canopy/protocol';
import { MinHeap } from './min-heap';
import { attach, emptyTree, type RootedTree } from './tree';

/** Cost of the tree edge between a parent and a child (direction chosen by the caller). */
export type EdgeCost = (parent: PeerId, child: PeerId) => number;

interface Candidate {
  readonly pathCost: number;
  readonly parent: number;
  readonly child: number;
}

/**
 * Capacity-limited shortest-path tree from peers[0] (Prim/Dijkstra hybrid): repeatedly attach the peer whose
 * path cost to the root through a parent with free capacity is smallest. Staleness of a model grows with its
 * path latency from the root, hence shortest paths rather than a minimum spanning tree.
 * Unknown latencies (Infinity) fall back to the k-ary rule: shallowest, oldest free parent, oldest child.
 * O(n² log n): fine for the room sizes a classroom produces.
 */
export function latencyTree(peers: readonly PeerId[], fanOut: number, cost: EdgeCost): RootedTree {
  const [root] = peers;
  if (root === undefined) throw new RangeError('latencyTree needs at least one peer');
  const n = peers.length;
  const pathCost = new Float64Array(n);
  const depth = new Int32Array(n);
  const childCount = new Int32Array(n);
  const attached = new Uint8Array(n);
  const heap = new MinHeap<Candidate>(
    (a, b) =>
      compareCost(a.pathCost, b.pathCost) ||
      (depth[a.parent] ?? 0) - (depth[b.parent] ?? 0) ||
      a.parent - b.parent ||
      a.child - b.child,
  );
  const offerChildrenOf = (parent: number): void => {
    for (let child = 0; child < n; child++) {
      if (attached[child]) continue;
      const edge = cost(peers[parent] as PeerId, peers[child] as PeerId);
      heap.push({ pathCost: (pathCost[parent] ?? 0) + edge, parent, child });
    }
  };

  const tree = emptyTree(root);
  attached[0] = 1;
  offerChildrenOf(0);
  for (let placed = 1; placed < n; ) {
    const next = heap.pop();
    if (next === undefined) throw new Error('latencyTree: candidate heap ran dry (fanOut must be ≥ 1)');
    const { parent, child } = next;
    if (attached[child] || (childCount[parent] ?? 0) >= fanOut) continue; // stale candidate
    attached[child] = 1;
    pathCost[child] = next.pathCost;
    depth[child] = (depth[parent] ?? 0) + 1;
    childCount[parent] = (childCount[parent] ?? 0) + 1;
    attach(tree, peers[child] as PeerId, peers[parent] as PeerId);
    placed++;
    offerChildrenOf(child);
  }
  return tree;
}

/** Infinity equals Infinity here, so unknown links fall through to the structural tie-breaks. */
function compareCost(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
