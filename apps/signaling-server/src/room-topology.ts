/**
 * The room's use of @canopy/algorithms' topology module: repair on join/leave, rebuild on demand, and a
 * full rebuild as the fallback should a repair ever produce an invalid topology.
 */
import { addPeer, buildTopology, isValidTopology, removePeer } from '@canopy/algorithms';
import type { PeerId, Topology, TopologySettings } from '@canopy/protocol';

export interface TopologyChange {
  readonly topology: Topology;
  /** True when the repair was invalid and the whole graph was rebuilt instead. */
  readonly rebuilt: boolean;
}

export function rebuild(settings: TopologySettings, peers: readonly PeerId[], epoch: number): Topology {
  return buildTopology(settings.kind, peers, { fanOut: settings.fanOut, epoch });
}

export function withPeer(current: Topology | null, peer: PeerId, settings: TopologySettings, lastEpoch: number): TopologyChange {
  const epoch = lastEpoch + 1;
  if (current === null) return { topology: rebuild(settings, [peer], epoch), rebuilt: false };
  if (epoch !== current.epoch + 1 || current.kind !== settings.kind) {
    return { topology: rebuild(settings, [...current.peers, peer], epoch), rebuilt: false };
  }
  return repairOrRebuild(() => addPeer(current, peer, { fanOut: settings.fanOut }), [...current.peers, peer], settings, epoch);
}

/** null when the last peer left. */
export function withoutPeer(current: Topology, peer: PeerId, settings: TopologySettings): TopologyChange | null {
  const remaining = current.peers.filter((id) => id !== peer);
  if (remaining.length === 0) return null;
  return repairOrRebuild(() => removePeer(current, peer, { fanOut: settings.fanOut }), remaining, settings, current.epoch + 1);
}

function repairOrRebuild(repair: () => Topology, peers: readonly PeerId[], settings: TopologySettings, epoch: number): TopologyChange {
  try {
    const repaired = repair();
    if (repaired.epoch === epoch && isValidTopology(repaired)) return { topology: repaired, rebuilt: false };
  } catch {
    // A repair that throws is treated like an invalid one: the full rebuild below is always correct.
  }
  return { topology: rebuild(settings, peers, epoch), rebuilt: true };
}

/** Whether a and b share an edge in either graph, in either direction. */
export function areNeighbours(topology: Topology, a: PeerId, b: PeerId): boolean {
  if (!Object.hasOwn(topology.links, a)) return false;
  const links = topology.links[a];
  if (links === undefined) return false;
  return (
    links.pull.in.some((edge) => edge.peer === b) ||
    links.pull.out.includes(b) ||
    links.push.out.some((edge) => edge.peer === b) ||
    links.push.in.includes(b)
  );
}
