import type { Topology } from '@canopy/protocol';
import { edgeKey, pullEdges, pushEdges, type DirectedEdge } from './edges';

export interface EdgeChanges {
  readonly added: readonly DirectedEdge[];
  readonly removed: readonly DirectedEdge[];
}

export interface EdgeDiff {
  readonly pull: EdgeChanges;
  readonly push: EdgeChanges;
  /** Total directed edges added or removed over both graphs (weight changes are not counted). */
  readonly changed: number;
}

/** Which directed edges differ between two topologies, per graph: what a repair really changed. */
export function edgeDiff(a: Topology, b: Topology): EdgeDiff {
  const pull = diff(pullEdges(a), pullEdges(b));
  const push = diff(pushEdges(a), pushEdges(b));
  const changed = pull.added.length + pull.removed.length + push.added.length + push.removed.length;
  return { pull, push, changed };
}

function diff(before: readonly DirectedEdge[], after: readonly DirectedEdge[]): EdgeChanges {
  const beforeKeys = new Set(before.map(edgeKey));
  const afterKeys = new Set(after.map(edgeKey));
  return {
    added: after.filter((e) => !beforeKeys.has(edgeKey(e))),
    removed: before.filter((e) => !afterKeys.has(edgeKey(e))),
  };
}
