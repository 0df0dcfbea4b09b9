import type { PeerId } from '@canopy/protocol';
import { attach, emptyTree, type RootedTree } from './tree';

/**
 * k-ary tree in join order: peers[i] hangs under peers[⌊(i−1)/k⌋]. This is exactly "attach each newcomer
 * under the shallowest, oldest node with free capacity", so building n+1 peers equals adding one to n.
 */
export function karyTree(peers: readonly PeerId[], fanOut: number): RootedTree {
  const [root] = peers;
  if (root === undefined) throw new RangeError('karyTree needs at least one peer');
  const tree = emptyTree(root);
  for (let i = 1; i < peers.length; i++) {
    attach(tree, peers[i] as PeerId, peers[Math.floor((i - 1) / fanOut)] as PeerId);
  }
  return tree;
}
