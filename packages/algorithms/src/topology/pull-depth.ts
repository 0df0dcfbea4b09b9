import type { PeerId, Topology } from '@canopy/protocol';

const depths = new WeakMap<Topology, number>();

/**
 * Longest shortest path from the root along G_R (pull edges, parent → child): how many hops a model takes to
 * reach the farthest member, and tracker mass to come back (learning-rate.ts, staleness-scaled-step.ts).
 * Memoised per topology object: the server asks once per member.
 */
export function pullDepth(topology: Topology): number {
  const known = depths.get(topology);
  if (known !== undefined) return known;
  const distance = new Map<PeerId, number>([[topology.root, 0]]);
  const queue: PeerId[] = [topology.root];
  let farthest = 0;
  for (let head = 0; head < queue.length; head++) {
    const peer = queue[head] as PeerId;
    const d = distance.get(peer) as number;
    farthest = Math.max(farthest, d);
    for (const next of Object.hasOwn(topology.links, peer) ? (topology.links[peer]?.pull.out ?? []) : []) {
      if (distance.has(next)) continue;
      distance.set(next, d + 1);
      queue.push(next);
    }
  }
  depths.set(topology, farthest);
  return farthest;
}
