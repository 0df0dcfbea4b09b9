import type { PeerId, Topology, TopologyKind } from '@canopy/protocol';
import { buildExponential } from './exponential';
import type { BuildOptions } from './options';
import { buildRing } from './ring';
import { buildTwoTrees } from './two-trees';

export function buildTopology(kind: TopologyKind, peers: readonly PeerId[], options: BuildOptions = {}): Topology {
  switch (kind) {
    case 'two-trees':
      return buildTwoTrees(peers, options);
    case 'ring':
      return buildRing(peers, options);
    case 'exponential':
      return buildExponential(peers, options);
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown topology kind: ${String(unknown)}`);
    }
  }
}
