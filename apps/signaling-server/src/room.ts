/** One training session: members in join order, the current topology, the room state and recent metrics. */
import { peerView } from '@canopy/algorithms';
import {
  MAX_EPOCH,
  initialRoomState,
  type Capabilities,
  type ControlAction,
  type MemberInfo,
  type MetricsSample,
  type PeerId,
  type PeerTopology,
  type Result,
  type RoomState,
  type RoomTopologyUpdate,
  type Topology,
  type WatchSnapshot,
} from '@canopy/protocol';
import { EPOCH_BLOCK, InMemoryRoomLedger, type RoomLedger } from './room-ledger';
import { newPeerId } from './peer-id';
import { applyControl, type RunCheckpointLookup } from './room-control';
import { areNeighbours, rebuild, withPeer, withoutPeer } from './room-topology';

export interface Member extends MemberInfo {
  readonly socketId: string;
}

export interface JoinInput {
  readonly socketId: string;
  readonly displayName: string;
  readonly capabilities: Capabilities;
  /** A peer id the joiner proved it held before (a verified resume); taken back when no member has it. */
  readonly resumePeerId?: PeerId | undefined;
  /** With a proven resume: the socket holding that id, found disconnected, whose place the joiner takes. */
  readonly takeOver?: string | undefined;
  readonly now: number;
}

export interface JoinOutcome {
  readonly member: Member;
  readonly topology: Topology;
  /** The socket that held this peer id before a proven resume took it over (the trees are unchanged). */
  readonly replacedSocket?: string;
}

export interface RoomOptions {
  /** Where the room's epochs and run id outlive this process (room-ledger.ts). */
  readonly ledger?: RoomLedger;
  /** The client address whose join created the room (per-address room limits). */
  readonly createdBy?: string;
}

export interface ControlResult {
  readonly state: RoomState;
  readonly topologyChanged: boolean;
  /** A kicked member (its socket is to be disconnected). */
  readonly evicted?: Member;
  /** Taken out for a while by the admin (`step-out`), not banned. */
  readonly steppedOut?: { readonly member: Member; readonly seconds: number };
}

/** Distinct neighbours whose quarantine reports evict a peer without the admin. */
export const EVICTING_REPORTS = 2;

/** Everything a room is, as plain data: what a shared store (Redis) saves and restores. */
export interface RoomRecord {
  readonly name: string;
  readonly createdBy?: string;
  readonly members: readonly Member[];
  readonly watchers: readonly string[];
  readonly topology: Topology | null;
  readonly lastEpoch: number;
  readonly epochCeiling: number;
  readonly state: RoomState;
  readonly banned: readonly PeerId[];
  readonly suspicions: readonly (readonly [PeerId, readonly PeerId[]])[];
  readonly rebuiltRepairs: number;
}

export class Room {
  private readonly members = new Map<PeerId, Member>();
  /** Socket ids of dashboards watching this room. */
  readonly watchers = new Set<string>();
  private current: Topology | null = null;
  private lastEpoch: number;
  /** Epochs up to this are reserved in the ledger (issued ones never exceed it). */
  private epochCeiling: number;
  private roomState: RoomState;
  private readonly ledger: RoomLedger;
  readonly createdBy: string | undefined;
  /** Repairs that came out invalid and were replaced by a full rebuild (should stay 0). */
  rebuiltRepairs = 0;
  /** Peer ids removed for hostility: never handed out again in this room. */
  private readonly banned = new Set<PeerId>();
  /** Suspect → the neighbours that quarantined it (metrics reports). */
  private readonly suspicions = new Map<PeerId, Set<PeerId>>();

  constructor(
    readonly name: string,
    options: RoomOptions = {},
  ) {
    this.ledger = options.ledger ?? new InMemoryRoomLedger();
    this.createdBy = options.createdBy;
    // A room this server (or its predecessor on the same state directory) held before continues its numbers.
    const entry = this.ledger.load(name);
    this.lastEpoch = entry?.epochCeiling ?? 0;
    this.epochCeiling = this.lastEpoch;
    const initial = initialRoomState();
    this.roomState = entry === undefined ? initial : { ...initial, runId: Math.max(initial.runId, entry.runId) };
  }

  /** A room saved with toRecord; `ledger` receives its future epoch reservations. */
  static fromRecord(record: RoomRecord, ledger: RoomLedger): Room {
    const room = new Room(record.name, { ledger, ...(record.createdBy === undefined ? {} : { createdBy: record.createdBy }) });
    for (const member of record.members) room.members.set(member.peerId, member);
    for (const id of record.watchers) room.watchers.add(id);
    room.current = record.topology;
    room.lastEpoch = record.lastEpoch;
    room.epochCeiling = record.epochCeiling;
    room.roomState = record.state;
    for (const id of record.banned) room.banned.add(id);
    for (const [suspect, reporters] of record.suspicions) room.suspicions.set(suspect, new Set(reporters));
    room.rebuiltRepairs = record.rebuiltRepairs;
    return room;
  }

  toRecord(): RoomRecord {
    return {
      name: this.name,
      ...(this.createdBy === undefined ? {} : { createdBy: this.createdBy }),
      members: [...this.members.values()],
      watchers: [...this.watchers],
      topology: this.current,
      lastEpoch: this.lastEpoch,
      epochCeiling: this.epochCeiling,
      state: this.roomState,
      banned: [...this.banned],
      suspicions: [...this.suspicions].map(([suspect, reporters]) => [suspect, [...reporters]] as const),
      rebuiltRepairs: this.rebuiltRepairs,
    };
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

  /** Removed for hostility (kick or reports): the id is never handed out or taken back again. */
  isBanned(peerId: PeerId): boolean {
    return this.banned.has(peerId);
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

  /**
   * Adds a member. A proven resume gets its id back when no member holds it, or takes the member's place when
   * `input.takeOver` names the socket holding it (a socket the caller found gone: the tab reconnected, possibly
   * through another server); then the trees stay as they are.
   */
  join(input: JoinInput): JoinOutcome {
    const wanted = input.resumePeerId;
    const holder = wanted === undefined ? undefined : this.members.get(wanted);
    if (wanted !== undefined && holder !== undefined && this.current !== null && input.takeOver !== undefined && holder.socketId === input.takeOver) {
      const member: Member = { ...holder, socketId: input.socketId, displayName: input.displayName, capabilities: input.capabilities };
      this.members.set(wanted, member);
      return { member, topology: this.current, replacedSocket: holder.socketId };
    }
    const taken = (id: PeerId): boolean => this.members.has(id) || this.banned.has(id);
    const peerId = wanted !== undefined && !taken(wanted) ? wanted : newPeerId(taken);
    const change = withPeer(this.current, peerId, this.roomState.settings.topology, this.lastEpoch);
    this.setTopology(change.topology, change.rebuilt);
    const member: Member = {
      peerId,
      socketId: input.socketId,
      displayName: input.displayName,
      capabilities: input.capabilities,
      joinedAt: input.now,
    };
    this.members.set(peerId, member);
    return { member, topology: change.topology };
  }

  /** The topology after the departure (null when the room is now empty); undefined if not a member. */
  leave(peerId: PeerId): { topology: Topology | null } | undefined {
    if (!this.members.delete(peerId)) return undefined;
    this.suspicions.delete(peerId);
    for (const reporters of this.suspicions.values()) reporters.delete(peerId);
    if (this.current === null) return { topology: null };
    const change = withoutPeer(this.current, peerId, this.roomState.settings.topology);
    if (change === null) {
      this.current = null;
      return { topology: null };
    }
    this.setTopology(change.topology, change.rebuilt);
    return { topology: change.topology };
  }

  control(action: ControlAction, checkpointOf?: RunCheckpointLookup): Result<ControlResult> {
    const outcome = applyControl(this.roomState, action, (peer) => this.members.has(peer), checkpointOf);
    if (!outcome.ok) return outcome;
    const runChanged = outcome.value.state.runId !== this.roomState.runId;
    this.roomState = outcome.value.state;
    if (runChanged) this.record();
    if (action.type === 'kick') {
      const evicted = this.evict(action.peer);
      return { ok: true, value: { state: this.roomState, topologyChanged: true, ...(evicted === undefined ? {} : { evicted }) } };
    }
    if (action.type === 'step-out') {
      const member = this.members.get(action.peer);
      if (member !== undefined) this.leave(action.peer);
      return { ok: true, value: { state: this.roomState, topologyChanged: true, ...(member === undefined ? {} : { steppedOut: { member, seconds: action.seconds } }) } };
    }
    const peers = this.current?.peers ?? [];
    const topologyChanged = outcome.value.rebuildTopology && peers.length > 0;
    if (topologyChanged) this.setTopology(rebuild(this.roomState.settings.topology, peers, this.lastEpoch + 1), false);
    return { ok: true, value: { state: this.roomState, topologyChanged } };
  }

  /** Removes a member for good (kick, or reports): the trees are repaired and its id is never given out again. */
  evict(peerId: PeerId): Member | undefined {
    const member = this.members.get(peerId);
    if (member === undefined) return undefined;
    this.banned.add(peerId);
    this.leave(peerId);
    return member;
  }

  /**
   * `reporter` says it quarantined `suspects` (its metrics report). Only a current neighbour's word counts, once
   * per reporter; the members now reported by EVICTING_REPORTS distinct neighbours are returned (to evict).
   */
  report(reporter: PeerId, suspects: readonly PeerId[]): PeerId[] {
    const convicted: PeerId[] = [];
    for (const suspect of suspects) {
      if (suspect === reporter || !this.members.has(suspect) || !this.areNeighbours(reporter, suspect)) continue;
      let reporters = this.suspicions.get(suspect);
      if (reporters === undefined) {
        reporters = new Set();
        this.suspicions.set(suspect, reporters);
      }
      reporters.add(reporter);
      if (reporters.size >= EVICTING_REPORTS) convicted.push(suspect);
    }
    return convicted;
  }

  /** Who reported whom, as counted for eviction (dashboards show the same from the reports' `quarantined`). */
  reports(): Record<PeerId, PeerId[]> {
    return Object.fromEntries([...this.suspicions].map(([suspect, reporters]) => [suspect, [...reporters]]));
  }

  areNeighbours(a: PeerId, b: PeerId): boolean {
    return this.current !== null && areNeighbours(this.current, a, b);
  }

  peerTopology(peerId: PeerId): PeerTopology | undefined {
    if (this.current === null || !this.members.has(peerId)) return undefined;
    return peerView(this.current, peerId);
  }

  topologyUpdate(): RoomTopologyUpdate {
    return { room: this.name, topology: this.current, members: this.memberList().map(memberInfo) };
  }

  snapshot(metrics: MetricsSample[]): WatchSnapshot {
    return { ...this.topologyUpdate(), state: this.roomState, metrics };
  }

  private setTopology(topology: Topology, rebuilt: boolean): void {
    if (topology.epoch > MAX_EPOCH) throw new RangeError(`room ${this.name} has used every epoch (${MAX_EPOCH})`);
    this.current = topology;
    this.lastEpoch = topology.epoch;
    if (rebuilt) this.rebuiltRepairs += 1;
    if (topology.epoch > this.epochCeiling) {
      this.epochCeiling = Math.min(MAX_EPOCH, topology.epoch + EPOCH_BLOCK);
      this.record();
    }
  }

  private record(): void {
    this.ledger.save(this.name, { epochCeiling: this.epochCeiling, runId: this.roomState.runId });
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
