import { describe, expect, it } from 'vitest';
import { peerIds } from './arbitraries';
import { buildExponential } from './exponential';
import { peerView } from './peer-view';
import { buildTwoTrees } from './two-trees';

describe('peerView', () => {
  it('hands a peer its own links and stepScale = 1 / (n · πᵀu)', () => {
    const t = buildTwoTrees(peerIds(8), { epoch: 5 });
    const view = peerView(t, 'p3');
    expect(view).toMatchObject({ id: 'p3', kind: 'two-trees', epoch: 5, root: 'p0', size: 8 });
    expect(view.pull).toEqual(t.links['p3']?.pull);
    expect(view.push).toEqual(t.links['p3']?.push);
    expect(view.stepScale).toBeCloseTo(1 / 8, 10);
  });

  it('tells every peer the tree depth (longest root-to-member path on G_R): the loop a tracker round trip spans', () => {
    // Binary trees by join order: 1 | 2–3 | 4–7 | 8–15 | 16.
    for (const [n, depth] of [[1, 0], [2, 1], [3, 1], [4, 2], [7, 2], [8, 3], [16, 4]] as const) {
      const t = buildTwoTrees(peerIds(n));
      expect(peerView(t, 'p0').depth, `${n} peers`).toBe(depth);
      expect(peerView(t, `p${n - 1}`).depth).toBe(depth);
    }
    expect(peerView(buildTwoTrees(peerIds(16), { fanOut: 4 }), 'p9').depth).toBe(2);
  });

  it('gives a regular graph a step scale of 1', () => {
    expect(peerView(buildExponential(peerIds(12)), 'p7').stepScale).toBeCloseTo(1, 10);
  });

  it('rejects a non-member, including prototype names', () => {
    const t = buildTwoTrees(peerIds(3));
    expect(() => peerView(t, 'ghost')).toThrow(expect.objectContaining({ code: 'unknown-peer' }));
    expect(() => peerView(t, 'constructor')).toThrow(/"constructor"/);
  });
});
