/** Undirected neighbourhoods derived from a peer's directed links (for gossip-style algorithms). */
import type { PeerId, PeerTopology } from '@canopy/protocol';

/** Every peer this one shares an edge with, in either graph, in a stable order. */
export function undirectedNeighbours(topology: PeerTopology): PeerId[] {
  const all = new Set<PeerId>();
  for (const e of topology.pull.in) all.add(e.peer);
  for (const p of topology.pull.out) all.add(p);
  for (const p of topology.push.in) all.add(p);
  for (const e of topology.push.out) all.add(e.peer);
  all.delete(topology.id);
  return [...all];
}

/** Metropolis–Hastings weight of an undirected edge: symmetric, so W is doubly stochastic. */
export function metropolisWeight(ownDegree: number, neighbourDegree: number): number {
  return 1 / (1 + Math.max(ownDegree, neighbourDegree));
}
