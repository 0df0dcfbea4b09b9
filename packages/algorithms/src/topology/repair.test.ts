import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeerId, Topology } from '@canopy/protocol';
import { arbitraryFanOut, arbitraryHistory, arbitraryKind, arbitrarySize, expectStochastic, peerIds } from './arbitraries';
import { buildTopology } from './build';
import { edgeDiff } from './edge-diff';
import type { LatencyMatrix } from './options';
import { addPeer, removePeer } from './repair';
import { buildRing } from './ring';
import { buildTwoTrees } from './two-trees';
import { validateTopology } from './validate';

const children = (t: Topology, id: PeerId): readonly PeerId[] => t.links[id]?.pull.out ?? [];
const pullParent = (t: Topology, id: PeerId): PeerId | undefined => t.links[id]?.pull.in[0]?.peer;
const touches = (id: PeerId) => (e: { from: PeerId; to: PeerId }) => e.from === id || e.to === id;

/** Links of every peer not in `except` are identical in both topologies. */
function expectUntouched(a: Topology, b: Topology, except: readonly PeerId[]): void {
  for (const id of a.peers) if (!except.includes(id) && b.links[id]) expect(b.links[id]).toEqual(a.links[id]);
}

describe('addPeer on two trees', () => {
  it('gives the same tree as building with the joiner from the start', () => {
    fc.assert(
      fc.property(arbitrarySize(), arbitraryFanOut, (n, fanOut) => {
        const before = buildTwoTrees(peerIds(n), { fanOut, epoch: 7 });
        const after = addPeer(before, 'new', { fanOut });
        expect(after).toEqual(buildTwoTrees([...peerIds(n), 'new'], { fanOut, epoch: 8 }));
      }),
      { numRuns: 40 },
    );
  });

  it('adds exactly the joiner’s two edges (one per graph) and leaves other peers alone', () => {
    const before = buildTwoTrees(peerIds(6));
    const after = addPeer(before, 'new');
    const diff = edgeDiff(before, after);
    expect(diff.changed).toBe(2);
    expect(diff.pull.added).toEqual([{ from: 'p2', to: 'new' }]);
    expect(diff.push.added).toEqual([{ from: 'new', to: 'p2' }]);
    expectUntouched(before, after, ['p2']);
  });

  it('picks the free parent with the fastest path from the root when latencies are given', () => {
    const before = buildTwoTrees(peerIds(4)); // p0 → p1, p2; p1 → p3
    const latency: LatencyMatrix = { p0: { p1: 1, p2: 1 }, p1: { p3: 1, new: 30 }, p2: { new: 2 }, p3: { new: 1 } };
    const after = addPeer(before, 'new', { latency });
    expect(pullParent(after, 'new')).toBe('p2'); // path 1 + 2 beats p3's 1 + 1 + 1 and p1's 1 + 30
    validateTopology(after);
  });

  it('rejects a peer that is already a member', () => {
    expect(() => addPeer(buildTwoTrees(peerIds(3)), 'p1')).toThrow(expect.objectContaining({ code: 'duplicate-peer' }));
  });
});

describe('removePeer on two trees', () => {
  it('removes a leaf by dropping only its two edges', () => {
    const before = buildTwoTrees(peerIds(7));
    const after = removePeer(before, 'p5');
    const diff = edgeDiff(before, after);
    expect(diff.changed).toBe(2);
    expect([...diff.pull.removed, ...diff.push.removed].every(touches('p5'))).toBe(true);
    expect(diff.pull.added).toEqual([]);
    expectUntouched(before, after, ['p5', 'p2']);
    expect(after.epoch).toBe(before.epoch + 1);
  });

  it('promotes the first child of an inner peer and re-attaches the others nearby, touching nothing else', () => {
    const before = buildTwoTrees(peerIds(15)); // p1 has children p3, p4; p3 has p7, p8; p4 has p9, p10
    const after = removePeer(before, 'p1');
    validateTopology(after);
    expect(pullParent(after, 'p3')).toBe('p0');
    const diff = edgeDiff(before, after);
    // Per graph: the leaver's 3 edges go, 2 orphans get one new parent each.
    expect(diff.pull.removed).toHaveLength(3);
    expect(diff.pull.added).toHaveLength(2);
    expect(diff.pull.removed.every(touches('p1'))).toBe(true);
    expect(diff.pull.added.map((e) => e.to).sort()).toEqual(['p3', 'p4']);
    expect(diff.changed).toBe(10);
    for (const id of after.peers) expect(children(after, id).length).toBeLessThanOrEqual(2);
    // Grandchildren keep their parents.
    for (const id of ['p7', 'p8', 'p9', 'p10']) expect(pullParent(after, id)).toBe(pullParent(before, id));
  });

  it('re-attaches orphans to the promoted child while it has capacity', () => {
    const before = buildTwoTrees(peerIds(4), { fanOut: 3 }); // p0 → p1, p2, p3
    const after = removePeer(before, 'p0', { fanOut: 3 });
    expect(after.root).toBe('p1');
    expect(children(after, 'p1')).toEqual(['p2', 'p3']);
  });

  it('elects the root’s first child as the new root and stays valid', () => {
    const before = buildTwoTrees(peerIds(10));
    const after = removePeer(before, 'p0');
    expect(after.root).toBe('p1');
    expect(after.peers).toEqual(peerIds(10).slice(1));
    validateTopology(after);
    expect(after.piU).toBeCloseTo(1, 10);
    const diff = edgeDiff(before, after);
    expect(diff.pull.removed).toHaveLength(2); // p0 → p1, p0 → p2
    expect(diff.pull.added).toHaveLength(1); // p2 re-attached
    expect(diff.pull.added[0]?.to).toBe('p2');
  });

  it('moves both trees to the new root even when the push tree has another shape', () => {
    // Pull: a → b, a → c. Push (by uplink latency): b → c → a. The new root is b (a's first pull child).
    const latency: LatencyMatrix = { a: { b: 1, c: 1.5 }, b: { a: 100, c: 1 }, c: { a: 1, b: 5 } };
    const before = buildTwoTrees(['a', 'b', 'c'], { latency, pushTree: 'latency' });
    const after = removePeer(before, 'a');
    expect(after.root).toBe('b');
    validateTopology(after);
    expect(after.links['c']?.push.out).toEqual([{ peer: 'b', weight: 0.5 }]);
  });

  it('rejects unknown peers and refuses to remove the last one', () => {
    expect(() => removePeer(buildTwoTrees(peerIds(2)), 'ghost')).toThrow(expect.objectContaining({ code: 'unknown-peer' }));
    expect(() => removePeer(buildTwoTrees(['only']), 'only')).toThrow(expect.objectContaining({ code: 'empty' }));
  });

  it('rebuilds (keeping the root and the join order) when the graphs are not plain trees', () => {
    const meshy: Topology = { ...buildRing(peerIds(5)), kind: 'two-trees' };
    const after = addPeer(meshy, 'new');
    validateTopology(after);
    expect(after).toMatchObject({ kind: 'two-trees', root: 'p0', peers: [...peerIds(5), 'new'], epoch: 1 });
    const removed = removePeer(meshy, 'p0');
    validateTopology(removed);
    expect(removed.root).toBe('p1');
  });
});

describe('repair of gossip graphs', () => {
  it('inserts a ring joiner between the newest peer and the root', () => {
    const after = addPeer(buildRing(peerIds(4)), 'new');
    expect(after.links['new']?.pull.in.map((e) => e.peer).sort()).toEqual(['p0', 'p3']);
    expect(after.epoch).toBe(1);
  });

  it('closes the ring over a leaver and moves the root to the oldest remaining peer', () => {
    const after = removePeer(buildRing(peerIds(5)), 'p0');
    expect(after.root).toBe('p1');
    expect(after.links['p4']?.pull.in.map((e) => e.peer).sort()).toEqual(['p1', 'p3']);
  });
});

describe('random join/leave histories', () => {
  it('keep every topology valid, stochastic, with the right πᵀu, one epoch per repair', () => {
    fc.assert(
      fc.property(arbitraryKind, arbitrarySize(24), arbitraryFanOut, arbitraryHistory(30), (kind, n, fanOut, history) => {
        let t = buildTopology(kind, peerIds(n), { fanOut });
        let fresh = 0;
        for (const step of history) {
          const before = t;
          if (step.op === 'join') {
            const joiner = `j${fresh++}`;
            t = addPeer(t, joiner, { fanOut });
            if (kind === 'two-trees') {
              const diff = edgeDiff(before, t);
              expect(diff.changed).toBe(2);
              expect([...diff.pull.added, ...diff.push.added].every(touches(joiner))).toBe(true);
            }
          } else {
            if (t.peers.length === 1) continue;
            const leaver = t.peers[step.index % t.peers.length] as PeerId;
            const orphans = children(t, leaver);
            const wasRoot = leaver === t.root;
            t = removePeer(t, leaver, { fanOut });
            if (kind === 'two-trees') {
              // Only the leaver's edges go; each orphan but the heir of a root gets exactly one new parent.
              const { pull } = edgeDiff(before, t);
              expect(pull.removed).toHaveLength(orphans.length + (wasRoot ? 0 : 1));
              expect(pull.removed.every(touches(leaver))).toBe(true);
              expect(pull.added).toHaveLength(orphans.length - (wasRoot ? 1 : 0));
              expect(pull.added.every((e) => orphans.includes(e.to))).toBe(true);
              if (orphans.length === 0) expectUntouched(before, t, [leaver, pullParent(before, leaver) ?? '']);
            }
            if (leaver === before.root) expect(t.root).not.toBe(leaver);
          }
          expect(t.epoch).toBe(before.epoch + 1);
          validateTopology(t);
          expect(expectStochastic(t)).toBe(true);
          expect(t.piU).toBeCloseTo(kind === 'two-trees' ? 1 : 1 / t.peers.length, 10);
          if (kind === 'two-trees') for (const id of t.peers) expect(children(t, id).length).toBeLessThanOrEqual(fanOut);
        }
      }),
      { numRuns: 60 },
    );
  });
});
