import type { PeerId } from '@canopy/protocol';

/**
 * A rooted spanning tree as mutable maps (builders and repair work on private copies).
 * Children keep attachment order, which is what "first child" means during repair.
 */
export interface RootedTree {
  root: PeerId;
  readonly parent: Map<PeerId, PeerId>;
  readonly children: Map<PeerId, PeerId[]>;
}

export function emptyTree(root: PeerId): RootedTree {
  return { root, parent: new Map(), children: new Map() };
}

export function cloneTree(tree: RootedTree): RootedTree {
  const children = new Map<PeerId, PeerId[]>();
  for (const [id, list] of tree.children) children.set(id, [...list]);
  return { root: tree.root, parent: new Map(tree.parent), children };
}

export function childrenOf(tree: RootedTree, id: PeerId): readonly PeerId[] {
  return tree.children.get(id) ?? [];
}

export function attach(tree: RootedTree, child: PeerId, parent: PeerId): void {
  tree.parent.set(child, parent);
  const list = tree.children.get(parent);
  if (list === undefined) tree.children.set(parent, [child]);
  else list.push(child);
}

/** Cuts the edge to the parent; the child keeps its own subtree. */
export function detach(tree: RootedTree, child: PeerId): void {
  const parent = tree.parent.get(child);
  if (parent === undefined) return;
  tree.parent.delete(child);
  const list = tree.children.get(parent);
  if (list !== undefined) list.splice(list.indexOf(child), 1);
}

/** Depth of every node reachable from the root, in BFS order. */
export function depthsFromRoot(tree: RootedTree): Map<PeerId, number> {
  const depth = new Map<PeerId, number>([[tree.root, 0]]);
  const queue: PeerId[] = [tree.root];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as PeerId;
    const d = depth.get(id) ?? 0;
    for (const child of childrenOf(tree, id)) {
      if (depth.has(child)) continue; // defensive: a malformed input with a cycle must not loop forever
      depth.set(child, d + 1);
      queue.push(child);
    }
  }
  return depth;
}

export function sameTree(a: RootedTree, b: RootedTree): boolean {
  if (a.root !== b.root || a.parent.size !== b.parent.size) return false;
  for (const [child, parent] of a.parent) if (b.parent.get(child) !== parent) return false;
  return true;
}
