import type { PeerId, Topology } from '@canopy/protocol';
import { assembleTopology } from './assemble';
import { karyTree } from './kary-tree';
import { latencyCost } from './latency';
import { latencyTree } from './latency-tree';
import { treeLinks } from './links';
import { resolveEpoch, resolveFanOut, type TwoTreesOptions } from './options';
import { assertPeerList } from './peer-list';
import type { RootedTree } from './tree';

/**
 * The canonical R-FAST topology: one spanning tree rooted at peers[0], used parent→child for models (G_R)
 * and child→parent for trackers (G_C). k-ary in join order, or shortest latency paths when measured.
 */
export function buildTwoTrees(peers: readonly PeerId[], options: TwoTreesOptions = {}): Topology {
  assertPeerList(peers);
  const fanOut = resolveFanOut(options.fanOut);
  const epoch = resolveEpoch(options.epoch);
  const { latency } = options;
  const pull = latency
    ? latencyTree(peers, fanOut, (parent, child) => latencyCost(latency, parent, child))
    : karyTree(peers, fanOut);
  let push: RootedTree = pull;
  if (options.pushTree === 'latency') {
    if (!latency) throw new RangeError('pushTree "latency" needs a latency matrix');
    // Tracker mass travels child → parent, so that is the direction whose latency matters.
    push = latencyTree(peers, fanOut, (parent, child) => latencyCost(latency, child, parent));
  }
  return assembleTopology({ kind: 'two-trees', epoch, root: pull.root, peers, links: treeLinks(peers, pull, push) });
}
