/** Checks, from the peers' own views only, that the graphs they were told about are consistent and rooted. */
import type { PeerId, PeerTopology } from '@canopy/protocol';

function reach(start: PeerId, next: (id: PeerId) => readonly PeerId[]): Set<PeerId> {
  const seen = new Set<PeerId>([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const other of next(id)) {
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/** Returns the problems found (empty when the views agree and satisfy the common-root condition). */
export function viewProblems(views: readonly PeerTopology[]): string[] {
  const problems: string[] = [];
  const byId = new Map(views.map((v) => [v.id, v]));
  const first = views[0];
  if (first === undefined) return ['no views'];
  for (const v of views) {
    if (v.epoch !== first.epoch || v.root !== first.root || v.size !== views.length || v.kind !== first.kind) {
      problems.push(`${v.id} disagrees on epoch/root/size/kind: ${v.epoch}/${v.root}/${v.size}/${v.kind}`);
    }
    for (const { peer } of v.pull.in) if (!byId.get(peer)?.pull.out.includes(v.id)) problems.push(`${v.id} pulls from ${peer}, which does not list it in pull.out`);
    for (const peer of v.pull.out) if (!byId.get(peer)?.pull.in.some((e) => e.peer === v.id)) problems.push(`${v.id} lists ${peer} in pull.out, which does not pull from it`);
    for (const { peer } of v.push.out) if (!byId.get(peer)?.push.in.includes(v.id)) problems.push(`${v.id} pushes to ${peer}, which does not list it in push.in`);
    for (const peer of v.push.in) if (!byId.get(peer)?.push.out.some((e) => e.peer === v.id)) problems.push(`${v.id} lists ${peer} in push.in, which does not push to it`);
  }
  if (!byId.has(first.root)) problems.push(`root ${first.root} is not a member`);
  const modelsReach = reach(first.root, (id) => byId.get(id)?.pull.out ?? []);
  const massReaches = reach(first.root, (id) => byId.get(id)?.push.in ?? []);
  if (modelsReach.size !== views.length) problems.push(`G_R from the root reaches ${modelsReach.size} of ${views.length}`);
  if (massReaches.size !== views.length) problems.push(`reverse G_C from the root reaches ${massReaches.size} of ${views.length}`);
  return problems;
}

/** Every unordered pair that shares an edge in either graph. */
export function neighbourPairs(views: readonly PeerTopology[]): Set<string> {
  const pairs = new Set<string>();
  const key = (a: PeerId, b: PeerId): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (const v of views) {
    for (const other of [...v.pull.in.map((e) => e.peer), ...v.pull.out, ...v.push.out.map((e) => e.peer), ...v.push.in]) pairs.add(key(v.id, other));
  }
  return pairs;
}
