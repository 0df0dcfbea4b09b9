import type { PeerId, PeerLinks, Topology, TopologyKind } from '@canopy/protocol';
import { computePiU } from './perron';

export interface TopologyParts {
  readonly kind: TopologyKind;
  readonly epoch: number;
  readonly root: PeerId;
  readonly peers: readonly PeerId[];
  readonly links: Readonly<Record<PeerId, PeerLinks>>;
}

/** Finishes a topology: πᵀu is always computed from the links, never assumed. */
export function assembleTopology(parts: TopologyParts): Topology {
  const graph = { peers: [...parts.peers], links: parts.links };
  return { kind: parts.kind, epoch: parts.epoch, root: parts.root, ...graph, piU: computePiU(graph) };
}
