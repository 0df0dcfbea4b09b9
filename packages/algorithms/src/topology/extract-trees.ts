import type { Topology } from '@canopy/protocol';
import { ownValue } from './own';
import { attach, depthsFromRoot, emptyTree, type RootedTree } from './tree';

export interface TwoTrees {
  readonly pull: RootedTree;
  readonly push: RootedTree;
}

/**
 * Reads the pull and push trees back out of a two-trees topology (children in their listed order).
 * Returns undefined when either graph is not exactly a spanning tree rooted at t.root
 * (e.g. extra edges were added), in which case repair falls back to a rebuild.
 */
export function extractTrees(t: Topology): TwoTrees | undefined {
  const pull = emptyTree(t.root);
  const push = emptyTree(t.root);
  for (const id of t.peers) {
    const links = ownValue(t.links, id);
    if (links === undefined) return undefined;
    const expectedParents = id === t.root ? 0 : 1;
    if (links.pull.in.length !== expectedParents || links.push.out.length !== expectedParents) return undefined;
    pull.children.set(id, []);
    push.children.set(id, []);
  }
  // Attach in each parent's listed child order so "first child" keeps its meaning.
  for (const id of t.peers) {
    const links = ownValue(t.links, id);
    if (links === undefined) return undefined;
    for (const child of links.pull.out) {
      if (ownValue(t.links, child)?.pull.in[0]?.peer !== id) return undefined;
      attach(pull, child, id);
    }
    for (const child of links.push.in) {
      if (ownValue(t.links, child)?.push.out[0]?.peer !== id) return undefined;
      attach(push, child, id);
    }
  }
  const spans = (tree: RootedTree): boolean => depthsFromRoot(tree).size === t.peers.length;
  return spans(pull) && spans(push) ? { pull, push } : undefined;
}

