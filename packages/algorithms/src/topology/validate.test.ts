import { describe, expect, it } from 'vitest';
import type { PeerId, PeerLinks, Topology } from '@canopy/protocol';
import { peerIds } from './arbitraries';
import { buildExponential } from './exponential';
import { treeLinks } from './links';
import { computePiU } from './perron';
import { attach, emptyTree, type RootedTree } from './tree';
import { buildTwoTrees } from './two-trees';
import { isValidTopology, validateTopology } from './validate';

type Edit = (links: Record<PeerId, PeerLinks>) => void;

/** A deep, mutable copy of a valid topology with one hand-made defect (piU recomputed unless told). */
function broken(base: Topology, edit: Edit, overrides: Partial<Topology> = {}): Topology {
  const links = structuredClone(base.links) as Record<PeerId, PeerLinks>;
  edit(links);
  return { ...base, links, piU: computePiU({ peers: base.peers, links }), ...overrides };
}

/** Two-trees links from explicit parent maps (child → parent); peers without a parent keep weight 1. */
function fromParents(root: PeerId, peers: PeerId[], pull: Record<PeerId, PeerId>, push: Record<PeerId, PeerId>): Topology {
  const tree = (parents: Record<PeerId, PeerId>): RootedTree => {
    const t = emptyTree(root);
    for (const [child, parent] of Object.entries(parents)) attach(t, child, parent);
    return t;
  };
  const links = treeLinks(peers, tree(pull), tree(push));
  return { kind: 'two-trees', epoch: 0, root, peers, links, piU: computePiU({ peers, links }) };
}

function expectRejected(t: Topology, code: string, ...named: string[]): void {
  expect(isValidTopology(t)).toBe(false);
  let thrown: unknown;
  try {
    validateTopology(t);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'TopologyError', code });
  for (const name of named) expect((thrown as Error).message).toContain(`"${name}"`);
}

const mutable = (links: Record<PeerId, PeerLinks>, id: PeerId) => links[id] as {
  pull: { selfWeight: number; in: { peer: PeerId; weight: number }[]; out: PeerId[] };
  push: { selfWeight: number; out: { peer: PeerId; weight: number }[]; in: PeerId[] };
};

describe('validateTopology', () => {
  const tree = buildTwoTrees(peerIds(7));

  it('accepts built topologies', () => {
    expect(isValidTopology(tree)).toBe(true);
    expect(isValidTopology(buildExponential(peerIds(10)))).toBe(true);
  });

  it('rejects an empty topology', () => {
    expectRejected({ ...tree, peers: [], links: {} }, 'empty');
  });

  it('rejects a duplicated peer, naming it', () => {
    expectRejected({ ...tree, peers: [...tree.peers, 'p3'] }, 'duplicate-peer', 'p3');
    expectRejected(broken(tree, (l) => mutable(l, 'p0').pull.out.push('p1')), 'duplicate-peer', 'p0', 'p1');
  });

  it('rejects references to unknown peers, naming them', () => {
    expectRejected({ ...tree, root: 'ghost' }, 'unknown-peer', 'ghost');
    expectRejected(broken(tree, (l) => mutable(l, 'p2').pull.out.push('ghost')), 'unknown-peer', 'p2', 'ghost');
    expectRejected(broken(tree, (l) => (l['stranger'] = structuredClone(l['p6'] as PeerLinks))), 'unknown-peer', 'stranger');
    expectRejected({ ...tree, peers: [...tree.peers, 'late'] }, 'unknown-peer', 'late');
  });

  it('rejects links declared on one side only, naming both ends', () => {
    expectRejected(broken(tree, (l) => mutable(l, 'p1').pull.out.splice(0, 1)), 'asymmetric-links', 'p3', 'p1');
    expectRejected(broken(tree, (l) => mutable(l, 'p2').push.in.pop()), 'asymmetric-links', 'p6', 'p2');
  });

  it('rejects bad weights: wrong sums, negative, non-finite, self-loops, stale piU', () => {
    expectRejected(broken(tree, (l) => (mutable(l, 'p4').pull.selfWeight = 0.6)), 'bad-weights', 'p4');
    expectRejected(broken(tree, (l) => (mutable(l, 'p5').push.selfWeight = 0.4)), 'bad-weights', 'p5');
    expectRejected(
      broken(tree, (l) => {
        mutable(l, 'p3').pull.selfWeight = 1.5;
        (mutable(l, 'p3').pull.in[0] as { weight: number }).weight = -0.5;
      }),
      'bad-weights',
      'p3',
    );
    expectRejected(broken(tree, (l) => (mutable(l, 'p6').pull.selfWeight = NaN)), 'bad-weights', 'p6');
    expectRejected(broken(tree, (l) => mutable(l, 'p6').pull.out.push('p6')), 'bad-weights', 'p6');
    expectRejected({ ...tree, piU: 0.5 }, 'bad-weights');
  });

  it('rejects disconnected graphs, naming a peer that is cut off', () => {
    // Two separate trees: p0 → p1 and p2 → p3.
    const t = fromParents('p0', peerIds(4), { p1: 'p0', p3: 'p2' }, { p1: 'p0', p3: 'p2' });
    expectRejected(t, 'disconnected', 'p2');
  });

  it('rejects two trees with different roots', () => {
    // Models flow a → b but tracker mass flows a → b too: G_R is rooted at a, G_C at b.
    const flipped: Topology = {
      kind: 'two-trees',
      epoch: 0,
      root: 'a',
      peers: ['a', 'b'],
      piU: 0,
      links: {
        a: { pull: { selfWeight: 1, in: [], out: ['b'] }, push: { selfWeight: 0.5, out: [{ peer: 'b', weight: 0.5 }], in: [] } },
        b: { pull: { selfWeight: 0.5, in: [{ peer: 'a', weight: 0.5 }], out: [] }, push: { selfWeight: 1, out: [], in: ['a'] } },
      },
    };
    expectRejected({ ...flipped, piU: computePiU(flipped) }, 'no-common-root', 'a', 'b');
  });

  it('rejects a root field that is not the common root, pointing at the one that is', () => {
    expectRejected({ ...tree, root: 'p4' }, 'no-common-root', 'p4', 'p0');
  });

  it('treats zero-weight edges as absent when checking reachability', () => {
    const t = broken(tree, (l) => {
      mutable(l, 'p6').pull.selfWeight = 1;
      (mutable(l, 'p6').pull.in[0] as { weight: number }).weight = 0;
    });
    expectRejected(t, 'disconnected', 'p6');
  });

  it('does not swallow errors that are not topology errors', () => {
    const hostile = { ...tree, get peers(): never { throw new TypeError('boom'); } };
    expect(() => isValidTopology(hostile)).toThrow(TypeError);
  });
});
