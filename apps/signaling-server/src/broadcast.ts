/** Pushes room changes out: each peer its own view of the graphs, dashboards the whole picture. */
import type { ServerCounters } from './counters';
import type { Logger } from './logger';
import type { PeerId } from '@canopy/protocol';
import type { Room } from './room';
import { peersChannel, watchersChannel, type SignalingIo } from './types';

export interface PublisherOptions {
  /**
   * How long changes gather before a push. 0: the next turn of the event loop (one process, where a burst of
   * joins completes in one turn). With a shared store each join completes in a turn of its own (it waits for
   * Redis), so a few milliseconds let a storm of joins cost one push per member instead of one per join.
   */
  readonly gatherMs?: number;
  /** Tells the other instances that a room changed (each then pushes to its own sockets); absent alone. */
  readonly announce?: (room: string) => void;
}

/**
 * Topology pushes are coalesced: a burst of joins (a class opening the page at once) costs one push per member
 * instead of one per join and member. Every member still receives the newest epoch, and a member is never sent
 * an epoch it already has (its join ack included). Each instance pushes to its own sockets only: a change
 * announced to the others costs one message between instances, not one per remote member.
 */
export class TopologyPublisher {
  /** The newest view of each room with changes to send (a later update replaces an earlier one). */
  private readonly pending = new Map<string, { room: Room; announce: boolean }>();
  /** What this instance has sent each of its members, by room (join acks included). */
  private readonly sent = new Map<string, Map<PeerId, number>>();
  private scheduled = false;

  constructor(
    private readonly io: SignalingIo,
    private readonly counters: ServerCounters,
    private readonly logger: Logger,
    private readonly options: PublisherOptions = {},
  ) {}

  /** `room` changed here (announced to the other instances), or another instance said so (`announce` false). */
  schedule(room: Room, announce = true): void {
    const queued = this.pending.get(room.name);
    const newer = queued === undefined || (queued.room.topology?.epoch ?? 0) <= (room.topology?.epoch ?? 0);
    this.pending.set(room.name, { room: newer ? room : queued.room, announce: announce || (queued?.announce ?? false) });
    if (this.scheduled) return;
    this.scheduled = true;
    const gatherMs = this.options.gatherMs ?? 0;
    if (gatherMs === 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), gatherMs);
  }

  /** `peerId` has `epoch` already (its join ack carried it). */
  markSent(room: string, peerId: PeerId, epoch: number): void {
    let members = this.sent.get(room);
    if (members === undefined) {
      members = new Map();
      this.sent.set(room, members);
    }
    members.set(peerId, Math.max(epoch, members.get(peerId) ?? -1));
  }

  /** Sends what is pending now (also used directly by tests and on shutdown). */
  flush(): void {
    this.scheduled = false;
    const rooms = [...this.pending.values()];
    this.pending.clear();
    for (const { room, announce } of rooms) {
      try {
        this.publish(room);
        if (announce) this.options.announce?.(room.name);
      } catch (cause) {
        this.counters.handlerErrors += 1;
        this.logger.error('publishing a topology failed', { room: room.name, error: cause });
      }
    }
  }

  private publish(room: Room): void {
    const epoch = room.topology?.epoch;
    const sent = this.sent.get(room.name) ?? new Map<PeerId, number>();
    // Members who left are forgotten here too.
    for (const peerId of sent.keys()) if (room.member(peerId) === undefined) sent.delete(peerId);
    if (epoch !== undefined) {
      for (const member of room.memberList()) {
        const socket = this.io.sockets.sockets.get(member.socketId);
        if (socket === undefined || (sent.get(member.peerId) ?? -1) >= epoch) continue;
        const view = room.peerTopology(member.peerId);
        if (view === undefined) continue;
        socket.emit('topology', view);
        sent.set(member.peerId, epoch);
      }
    }
    if (sent.size === 0) this.sent.delete(room.name);
    else this.sent.set(room.name, sent);
    this.io.local.to(watchersChannel(room.name)).emit('room-topology', room.topologyUpdate());
  }
}

export function pushState(io: SignalingIo, room: Room): void {
  io.to(peersChannel(room.name)).to(watchersChannel(room.name)).emit('control', room.state);
}
