/** One training session: members in join order, the current topology, the room state and recent metrics. */
import { peerView } from '@canopy/algorithms';
import {
  initialRoomState,
  type Capabilities,
  type ControlAction,
  type MemberInfo,
  type PeerId,
  type PeerTopology,
  type Result,
  type Resume,
  type RoomState,
  type RoomTopologyUpdate,
  type Topology,
  type WatchSnapshot,
} from '@canopy/protocol';
import { MetricsWindow, type MetricsWindowLimits } from './metrics-window';
import { newPeerId } from './peer-id';
import { applyControl } from './room-control';
import { areNeighbours, rebuild, withPeer, withoutPeer } from './room-topology';

export interface Member extends MemberInfo {
  readonly socketId: string;
}

export interface JoinInput {
  readonly socketId: string;
  readonly displayName: string;
  readonly capabilities: Capabilities;
  readonly resume?: Resume | undefined;
  readonly now: number;
}

export interface JoinOutcome {
  readonly member: Member;
  readonly topology: Topology;
  /** The run id moved up to a resuming peer's: the room state changed for everyone. */
  readonly stateChanged: boolean;
}

export interface ControlResult {
  readonly state: RoomState;
  readonly topologyChanged: boolean;
}

export class Room {
  private readonly members = new Map<PeerId, Member>();
  /** The newest epoch each member has been sent (in its join ack or a push). */
  private readonly sentEpochs = new Map<PeerId, number>();
  /** Socket ids of dashboards watching this room. */
  readonly watchers = new Set<string>();
  private current: Topology | null = null;
  private lastEpoch = 0;
  private roomState: RoomState = initialRoomState();
  readonly metrics: MetricsWindow;
  /** Repairs that came out invalid and were replaced by a full rebuild (should stay 0). */
  rebuiltRepairs = 0;

  constructor(
    readonly name: string,
    metricsLimits?: MetricsWindowLimits,
  ) {
    this.metrics = new MetricsWindow(metricsLimits);
  }

  get size(): number {
    return this.members.size;
  }

  get topology(): Topology | null {
    return this.current;
  }

  get state(): RoomState {
    return this.roomState;
  }

  member(peerId: PeerId): Member | undefined {
    return this.members.get(peerId);
  }

  memberList(): Member[] {
    return [...this.members.values()];
  }

  /** Nothing left that anyone is connected to. */
  isIdle(): boolean {
    return this.members.size === 0 && this.watchers.size === 0;
  }

  join(input: JoinInput): JoinOutcome {
    const wanted = input.resume?.peerId;
    const peerId = wanted !== undefined && !this.members.has(wanted) ? wanted : newPeerId((id) => this.members.has(id));
    const minEpoch = input.resume === undefined ? 0 : input.resume.epoch + 1;
    const change = withPeer(this.current, peerId, this.roomState.settings.topology, this.lastEpoch, minEpoch);
    this.setTopology(change.topology, change.rebuilt);
    const member: Member = {
      peerId,
      socketId: input.socketId,
      displayName: input.displayName,
      capabilities: input.capabilities,
      joinedAt: input.now,
    };
    this.members.set(peerId, member);
    const resumedRun = input.resume?.runId;
    const stateChanged = resumedRun !== undefined && resumedRun > this.roomState.runId;
    if (stateChanged) this.roomState = { ...this.roomState, runId: resumedRun };
    return { member, topology: change.topology, stateChanged };
  }

  /** The topology after the departure (null when the room is now empty); undefined if not a member. */
  leave(peerId: PeerId): { topology: Topology | null } | undefined {
    if (!this.members.delete(peerId)) return undefined;
    this.sentEpochs.delete(peerId);
    if (this.current === null) return { topology: null };
    const change = withoutPeer(this.current, peerId, this.roomState.settings.topology);
    if (change === null) {
      this.current = null;
      return { topology: null };
    }
    this.setTopology(change.topology, change.rebuilt);
    return { topology: change.topology };
  }

  control(action: ControlAction): Result<ControlResult> {
    const outcome = applyControl(this.roomState, action, (peer) => this.members.has(peer));
    if (!outcome.ok) return outcome;
    this.roomState = outcome.value.state;
    const peers = this.current?.peers ?? [];
    const topologyChanged = outcome.value.rebuildTopology && peers.length > 0;
    if (topologyChanged) this.setTopology(rebuild(this.roomState.settings.topology, peers, this.lastEpoch + 1), false);
    return { ok: true, value: { state: this.roomState, topologyChanged } };
  }

  areNeighbours(a: PeerId, b: PeerId): boolean {
    return this.current !== null && areNeighbours(this.current, a, b);
  }

  peerTopology(peerId: PeerId): PeerTopology | undefined {
    if (this.current === null || !this.members.has(peerId)) return undefined;
    return peerView(this.current, peerId);
  }

  needsTopology(peerId: PeerId): boolean {
    return this.current !== null && (this.sentEpochs.get(peerId) ?? -1) < this.current.epoch;
  }

  markTopologySent(peerId: PeerId, epoch: number): void {
    if (this.members.has(peerId)) this.sentEpochs.set(peerId, epoch);
  }

  topologyUpdate(): RoomTopologyUpdate {
    return { room: this.name, topology: this.current, members: this.memberList().map(memberInfo) };
  }

  snapshot(recentMetrics: number): WatchSnapshot {
    return { ...this.topologyUpdate(), state: this.roomState, metrics: this.metrics.recent(recentMetrics) };
  }

  private setTopology(topology: Topology, rebuilt: boolean): void {
    this.current = topology;
    this.lastEpoch = topology.epoch;
    if (rebuilt) this.rebuiltRepairs += 1;
  }
}

function memberInfo(member: Member): MemberInfo {
  return {
    peerId: member.peerId,
    displayName: member.displayName,
    capabilities: member.capabilities,
    joinedAt: member.joinedAt,
  };
}
