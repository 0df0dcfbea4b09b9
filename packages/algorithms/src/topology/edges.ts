import type { PeerId, Topology } from '@canopy/protocol';
import { ownValue } from './own';

/** A directed edge in the direction data flows (models on G_R, tracker mass on G_C). */
export interface DirectedEdge {
  readonly from: PeerId;
  readonly to: PeerId;
}

/** G_R edges j → i for every j that i pulls from. */
export function pullEdges(t: Pick<Topology, 'peers' | 'links'>): DirectedEdge[] {
  return t.peers.flatMap((to) => (ownValue(t.links, to)?.pull.in ?? []).map((e) => ({ from: e.peer, to })));
}

/** G_C edges i → l for every l that i pushes to. */
export function pushEdges(t: Pick<Topology, 'peers' | 'links'>): DirectedEdge[] {
  return t.peers.flatMap((from) => (ownValue(t.links, from)?.push.out ?? []).map((e) => ({ from, to: e.peer })));
}

/**
 * Unordered pairs of peers linked in either graph, each once: the data channels a transport must open.
 * Pairs are [older, newer] by join order.
 */
export function connectedPairs(t: Pick<Topology, 'peers' | 'links'>): [PeerId, PeerId][] {
  const rank = new Map(t.peers.map((id, i) => [id, i]));
  const pairs = new Map<string, [PeerId, PeerId]>();
  for (const { from, to } of [...pullEdges(t), ...pushEdges(t)]) {
    const pair: [PeerId, PeerId] = (rank.get(from) ?? 0) <= (rank.get(to) ?? 0) ? [from, to] : [to, from];
    pairs.set(edgeKey({ from: pair[0], to: pair[1] }), pair);
  }
  return [...pairs.values()];
}

/** Collision-free key (ids may contain any character). */
export function edgeKey(edge: DirectedEdge): string {
  return JSON.stringify([edge.from, edge.to]);
}
