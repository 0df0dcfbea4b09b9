import type { PeerId, PeerLinks, Topology, WeightedEdge } from '@canopy/protocol';
import { TopologyError } from './errors';
import { ownValue } from './own';
import { computePiU } from './perron';
import { reachableFrom, spanningRoots, type Successors } from './reachability';

const WEIGHT_TOLERANCE = 1e-9;
const PI_U_TOLERANCE = 1e-6;

/**
 * Throws a TopologyError naming the first problem found; checks go from cheap and local to global:
 * membership, neighbour lists, weights, in/out consistency, the common-root condition, then πᵀu.
 */
export function validateTopology(t: Topology): void {
  if (t.peers.length === 0) throw new TopologyError('empty', 'the topology has no peers');
  const members = checkMembers(t);
  for (const id of t.peers) checkNeighbourLists(id, linksOf(t, id), members);
  for (const id of t.peers) checkWeights(id, linksOf(t, id));
  for (const id of t.peers) checkSymmetry(t, id);
  checkCommonRoot(t);
  checkPiU(t);
}

export function isValidTopology(t: Topology): boolean {
  try {
    validateTopology(t);
    return true;
  } catch (error) {
    if (error instanceof TopologyError) return false;
    throw error;
  }
}

function linksOf(t: Topology, id: PeerId): PeerLinks {
  const links = ownValue(t.links, id);
  if (links === undefined) throw new TopologyError('unknown-peer', `peer "${id}" has no links entry`);
  return links;
}

function checkMembers(t: Topology): Set<PeerId> {
  const members = new Set<PeerId>();
  for (const id of t.peers) {
    if (members.has(id)) throw new TopologyError('duplicate-peer', `peer "${id}" appears more than once in peers`);
    members.add(id);
  }
  if (!members.has(t.root)) throw new TopologyError('unknown-peer', `root "${t.root}" is not a peer`);
  for (const id of Object.keys(t.links)) {
    if (!members.has(id)) throw new TopologyError('unknown-peer', `links entry "${id}" is not a peer`);
  }
  return members;
}

function checkNeighbourLists(id: PeerId, links: PeerLinks, members: Set<PeerId>): void {
  const lists: [string, readonly PeerId[]][] = [
    ['pull.in', links.pull.in.map((e) => e.peer)],
    ['pull.out', links.pull.out],
    ['push.out', links.push.out.map((e) => e.peer)],
    ['push.in', links.push.in],
  ];
  for (const [name, list] of lists) {
    const seen = new Set<PeerId>();
    for (const other of list) {
      if (!members.has(other)) throw new TopologyError('unknown-peer', `${name} of "${id}" names unknown peer "${other}"`);
      if (other === id) throw new TopologyError('bad-weights', `${name} of "${id}" lists itself (use selfWeight)`);
      if (seen.has(other)) throw new TopologyError('duplicate-peer', `${name} of "${id}" lists "${other}" twice`);
      seen.add(other);
    }
  }
}

function checkWeights(id: PeerId, links: PeerLinks): void {
  checkStochastic(`row of "${id}" in R (pull)`, links.pull.selfWeight, links.pull.in);
  checkStochastic(`column of "${id}" in C (push)`, links.push.selfWeight, links.push.out);
}

function checkStochastic(what: string, selfWeight: number, edges: readonly WeightedEdge[]): void {
  let sum = selfWeight;
  for (const w of [selfWeight, ...edges.map((e) => e.weight)]) {
    if (!Number.isFinite(w) || w < 0) throw new TopologyError('bad-weights', `${what} has weight ${w}`);
  }
  for (const edge of edges) sum += edge.weight;
  if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) throw new TopologyError('bad-weights', `${what} sums to ${sum}, not 1`);
}

function checkSymmetry(t: Topology, id: PeerId): void {
  const { pull, push } = linksOf(t, id);
  for (const { peer } of pull.in) {
    if (!linksOf(t, peer).pull.out.includes(id)) asymmetric(`"${id}" pulls from "${peer}"`, `pull.out of "${peer}"`, id);
  }
  for (const peer of pull.out) {
    if (!linksOf(t, peer).pull.in.some((e) => e.peer === id)) asymmetric(`"${peer}" pulls from "${id}"`, `pull.in of "${peer}"`, id);
  }
  for (const { peer } of push.out) {
    if (!linksOf(t, peer).push.in.includes(id)) asymmetric(`"${id}" pushes to "${peer}"`, `push.in of "${peer}"`, id);
  }
  for (const peer of push.in) {
    if (!linksOf(t, peer).push.out.some((e) => e.peer === id)) asymmetric(`"${peer}" pushes to "${id}"`, `push.out of "${peer}"`, id);
  }
}

function asymmetric(edge: string, list: string, missing: PeerId): never {
  throw new TopologyError('asymmetric-links', `edge ${edge} is declared on one side only: ${list} lacks "${missing}"`);
}

/** G_R must carry models from the root to everyone; G_C must carry every tracker to the root. Zero weights are no edge. */
function checkCommonRoot(t: Topology): void {
  const modelsFlow: Successors = (id) => linksOf(t, id).pull.out.filter((to) => pullWeight(t, to, id) > 0);
  const massFlowsBack: Successors = (id) =>
    linksOf(t, id).push.in.filter((from) => (linksOf(t, from).push.out.find((e) => e.peer === id)?.weight ?? 0) > 0);
  const modelsReach = reachableFrom(t.root, modelsFlow);
  const massReaches = reachableFrom(t.root, massFlowsBack);
  if (modelsReach.size === t.peers.length && massReaches.size === t.peers.length) return;

  const pullRoots = spanningRoots(t.peers, modelsFlow);
  const pushRoots = spanningRoots(t.peers, massFlowsBack);
  if (pullRoots.length === 0) {
    const lost = t.peers.find((id) => !modelsReach.has(id));
    throw new TopologyError('disconnected', `G_R has no spanning tree: "${lost}" never receives the root "${t.root}"'s model`);
  }
  if (pushRoots.length === 0) {
    const lost = t.peers.find((id) => !massReaches.has(id));
    throw new TopologyError('disconnected', `G_C has no spanning tree: tracker mass of "${lost}" never reaches the root "${t.root}"`);
  }
  const common = pullRoots.filter((id) => pushRoots.includes(id));
  const detail = common.length > 0 ? `; "${common[0]}" would be` : `; G_R is rooted at ${list(pullRoots)}, G_C at ${list(pushRoots)}`;
  throw new TopologyError('no-common-root', `"${t.root}" is not a common root of G_R and G_C${detail}`);
}

function pullWeight(t: Topology, puller: PeerId, source: PeerId): number {
  return linksOf(t, puller).pull.in.find((e) => e.peer === source)?.weight ?? 0;
}

function list(ids: readonly PeerId[]): string {
  const shown = ids.slice(0, 3).map((id) => `"${id}"`).join(', ');
  return ids.length > 3 ? `${shown}, …` : shown;
}

function checkPiU(t: Topology): void {
  const expected = computePiU(t);
  if (!Number.isFinite(t.piU) || Math.abs(t.piU - expected) > PI_U_TOLERANCE * expected) {
    throw new TopologyError('bad-weights', `piU is ${t.piU} but the weights give ${expected}`);
  }
}
