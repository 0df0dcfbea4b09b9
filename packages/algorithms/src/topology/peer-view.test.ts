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

  it('gives a regular graph a step scale of 1', () => {
    expect(peerView(buildExponential(peerIds(12)), 'p7').stepScale).toBeCloseTo(1, 10);
  });

  it('rejects a non-member, including prototype names', () => {
    const t = buildTwoTrees(peerIds(3));
    expect(() => peerView(t, 'ghost')).toThrow(expect.objectContaining({ code: 'unknown-peer' }));
    expect(() => peerView(t, 'constructor')).toThrow(/"constructor"/);
  });
});
