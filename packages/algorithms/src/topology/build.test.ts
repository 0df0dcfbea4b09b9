import { describe, expect, it } from 'vitest';
import { peerIds } from './arbitraries';
import { buildTopology } from './build';
import { buildExponential } from './exponential';
import { buildRing } from './ring';
import { buildTwoTrees } from './two-trees';

describe('buildTopology', () => {
  const peers = peerIds(9);

  it('dispatches each kind to its builder with the options', () => {
    expect(buildTopology('two-trees', peers, { fanOut: 3, epoch: 4 })).toEqual(buildTwoTrees(peers, { fanOut: 3, epoch: 4 }));
    expect(buildTopology('ring', peers, { epoch: 1 })).toEqual(buildRing(peers, { epoch: 1 }));
    expect(buildTopology('exponential', peers)).toEqual(buildExponential(peers));
  });

  it('rejects an unknown kind', () => {
    expect(() => buildTopology('mesh' as never, peers)).toThrow(/unknown topology kind/);
  });

  it('rejects a bad epoch', () => {
    expect(() => buildTopology('ring', peers, { epoch: -1 })).toThrow(RangeError);
  });
});
