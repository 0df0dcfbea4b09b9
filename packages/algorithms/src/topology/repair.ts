import type { PeerId, Topology } from '@canopy/protocol';
import { assembleTopology } from './assemble';
import { buildTopology } from './build';
import { TopologyError } from './errors';
import { extractTrees, type TwoTrees } from './extract-trees';
import { latencyCost } from './latency';
import { treeLinks } from './links';
import { resolveFanOut, type LatencyMatrix, type RepairOptions } from './options';
import { joinRank } from './peer-list';
import { addLeaf, bestParent, removeFromTree, type ParentChoice, type ParentCost } from './tree-repair';
import { sameTree, type RootedTree } from './tree';

/**
 * A new topology with the joiner added (appended to the join order) and epoch + 1.
 * Two trees: the joiner becomes a leaf under the shallowest, oldest peer with free fan-out (or, given
 * latencies, the free peer with the fastest path to the root), in each tree; nothing else changes.
 * Ring / exponential: rebuilt (cheap); the ring inserts the joiner between the newest peer and the root.
 */
export function addPeer(t: Topology, peer: PeerId, options: RepairOptions = {}): Topology {
  if (t.peers.includes(peer) || Object.hasOwn(t.links, peer)) {
    throw new TopologyError('duplicate-peer', `peer "${peer}" is already a member`);
  }
  const peers = [...t.peers, peer];
  const epoch = t.epoch + 1;
  if (t.kind !== 'two-trees') return buildTopology(t.kind, peers, { epoch });
  const trees = extractTrees(t);
  if (trees === undefined) return rebuildTwoTrees(t.root, peers, epoch, options);

  const choice = { fanOut: resolveFanOut(options.fanOut), rank: joinRank(t.peers) };
  const { latency } = options;
  const pullParent = bestParent(trees.pull, { ...choice, ...pathCost(trees.pull, latency, 'down', peer) });
  const pull = addLeaf(trees.pull, peer, pullParent);
  // Identical trees stay identical; distinct trees pick their own parent by the same rule.
  const push = sameTree(trees.pull, trees.push)
    ? addLeaf(trees.push, peer, pullParent)
    : addLeaf(trees.push, peer, bestParent(trees.push, { ...choice, ...pathCost(trees.push, latency, 'up', peer) }));
  return finishTwoTrees(t.root, peers, epoch, { pull, push });
}

/**
 * A new topology without the leaver and epoch + 1.
 * Two trees: the leaver's edges go, its first child takes its place, its other children re-attach to that
 * child while it has capacity (else to the shallowest free peer); no unrelated edge changes.
 * When the root leaves, its first child in the pull tree (the oldest child in k-ary trees, i.e. the oldest
 * remaining peer) becomes the root of both trees; the fallback rebuild (graphs that are not plain trees) roots
 * at the oldest remaining peer.
 * Ring / exponential: rebuilt without the leaver (the root becomes the oldest remaining peer).
 */
export function removePeer(t: Topology, peer: PeerId, options: RepairOptions = {}): Topology {
  if (!t.peers.includes(peer)) throw new TopologyError('unknown-peer', `peer "${peer}" is not a member`);
  const peers = t.peers.filter((id) => id !== peer);
  if (peers.length === 0) throw new TopologyError('empty', `removing "${peer}" would leave no peers`);
  const epoch = t.epoch + 1;
  if (t.kind !== 'two-trees') return buildTopology(t.kind, peers, { epoch });

  const trees = extractTrees(t);
  if (trees === undefined) return rebuildTwoTrees(peer === t.root ? (peers[0] as PeerId) : t.root, peers, epoch, options);
  const newRoot = peer === t.root ? (trees.pull.children.get(peer)?.[0] ?? (peers[0] as PeerId)) : t.root;
  const choice: ParentChoice = { fanOut: resolveFanOut(options.fanOut), rank: joinRank(peers) };
  return finishTwoTrees(newRoot, peers, epoch, {
    pull: removeFromTree(trees.pull, peer, newRoot, choice),
    push: removeFromTree(trees.push, peer, newRoot, choice),
  });
}

function finishTwoTrees(root: PeerId, peers: readonly PeerId[], epoch: number, trees: TwoTrees): Topology {
  return assembleTopology({ kind: 'two-trees', epoch, root, peers, links: treeLinks(peers, trees.pull, trees.push) });
}

/** Fallback for two-trees topologies that are not plain trees: a fresh build rooted at `root`. */
function rebuildTwoTrees(root: PeerId, peers: readonly PeerId[], epoch: number, options: RepairOptions): Topology {
  const rootFirst = [root, ...peers.filter((id) => id !== root)];
  const rebuilt = buildTopology('two-trees', rootFirst, { epoch, fanOut: options.fanOut, latency: options.latency });
  return { ...rebuilt, peers }; // keep the join order
}

/**
 * With latencies: prefer the free parent with the fastest path between the root and the joiner, in the
 * direction the tree carries data ('down': models root → joiner; 'up': tracker mass joiner → root).
 */
function pathCost(
  tree: RootedTree,
  latency: LatencyMatrix | undefined,
  direction: 'down' | 'up',
  joiner: PeerId,
): { cost?: ParentCost } {
  if (latency === undefined) return {};
  const edge = (parent: PeerId, child: PeerId): number =>
    direction === 'down' ? latencyCost(latency, parent, child) : latencyCost(latency, child, parent);
  const memo = new Map<PeerId, number>([[tree.root, 0]]);
  const fromRoot = (id: PeerId): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const parent = tree.parent.get(id);
    const cost = parent === undefined ? Infinity : fromRoot(parent) + edge(parent, id);
    memo.set(id, cost);
    return cost;
  };
  return { cost: (candidate) => fromRoot(candidate) + edge(candidate, joiner) };
}
