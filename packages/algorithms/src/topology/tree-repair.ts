import type { PeerId } from '@canopy/protocol';
import { attach, childrenOf, cloneTree, depthsFromRoot, detach, type RootedTree } from './tree';

/** Ranks candidates: lower is better. Undefined means "no preference" (pure shallowest/oldest rule). */
export type ParentCost = (candidate: PeerId, depth: number) => number;

export interface ParentChoice {
  readonly fanOut: number;
  /** Join order of the peers, to break ties towards older peers. */
  readonly rank: ReadonlyMap<PeerId, number>;
  readonly cost?: ParentCost;
}

/**
 * The node of the root's component with free capacity that minimises (cost, depth, join order).
 * Leaves always have capacity (fanOut ≥ 1), so a candidate always exists.
 */
export function bestParent(tree: RootedTree, choice: ParentChoice): PeerId {
  let best: { id: PeerId; cost: number; depth: number; rank: number } | undefined;
  for (const [id, depth] of depthsFromRoot(tree)) {
    if (childrenOf(tree, id).length >= choice.fanOut) continue;
    const cost = choice.cost?.(id, depth) ?? 0;
    const rank = choice.rank.get(id) ?? Infinity;
    const better =
      best === undefined ||
      (cost !== best.cost ? cost < best.cost : depth !== best.depth ? depth < best.depth : rank < best.rank);
    if (better) best = { id, cost, depth, rank };
  }
  if (best === undefined) throw new RangeError('no parent with free capacity (fanOut must be ≥ 1)');
  return best.id;
}

/** A new leaf under the best free parent: exactly one new edge. */
export function addLeaf(tree: RootedTree, leaf: PeerId, parent: PeerId): RootedTree {
  const next = cloneTree(tree);
  attach(next, leaf, parent);
  return next;
}

/**
 * Removes `leaver` touching only its own edges plus one new edge per orphaned subtree:
 * - a non-root leaver's first child takes its place under the leaver's parent;
 * - when the root leaves, `newRoot` becomes the root (cut from its parent first if it was deeper down);
 * - the other orphans re-parent to that heir while it has capacity, else to the best free parent.
 * Subtrees below the orphans are never touched.
 */
export function removeFromTree(
  tree: RootedTree,
  leaver: PeerId,
  newRoot: PeerId,
  choice: ParentChoice,
): RootedTree {
  const next = cloneTree(tree);
  const orphans = [...childrenOf(next, leaver)];
  const grandparent = next.parent.get(leaver);
  for (const orphan of orphans) detach(next, orphan);
  detach(next, leaver);
  next.children.delete(leaver);

  let heir: PeerId;
  let waiting: PeerId[];
  if (grandparent === undefined) {
    heir = newRoot;
    detach(next, heir);
    next.root = heir;
    waiting = orphans.filter((orphan) => orphan !== heir);
  } else {
    const [first, ...rest] = orphans;
    if (first === undefined) return next; // a leaf: only its own edge goes
    heir = first;
    attach(next, heir, grandparent);
    waiting = rest;
  }
  for (const orphan of waiting) {
    const parent = childrenOf(next, heir).length < choice.fanOut ? heir : bestParent(next, choice);
    attach(next, orphan, parent);
  }
  return next;
}
