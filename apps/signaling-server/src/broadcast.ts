/** Pushes room changes out: each peer its own view of the graphs, dashboards the whole picture. */
import type { ServerCounters } from './counters';
import type { Logger } from './logger';
import type { PeerId } from '@canopy/protocol';
import type { Room } from './room';
import { peersChannel, watchersChannel, type SignalingIo } from './types';

/**
 * Topology pushes are coalesced per event-loop turn: a burst of joins (a class opening the page at once)
 * costs one push per member instead of one per join and member. Every member still receives the newest
 * epoch in the same tick, and a member is never sent an epoch it already has (its join ack included).
 */
export class TopologyPublisher {
  /** The newest view of each room with changes to send (a later update replaces an earlier one). */
  private readonly pending = new Map<string, Room>();
  /** What this server has sent each member, by room (join acks included); other instances keep their own. */
  private readonly sent = new Map<string, Map<PeerId, number>>();
  private scheduled = false;

  constructor(
    private readonly io: SignalingIo,
    private readonly counters: ServerCounters,
    private readonly logger: Logger,
  ) {}

  schedule(room: Room): void {
    const queued = this.pending.get(room.name);
    if (queued === undefined || (queued.topology?.epoch ?? 0) <= (room.topology?.epoch ?? 0)) this.pending.set(room.name, room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
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
    for (const room of rooms) {
      try {
        this.publish(room);
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
        if ((sent.get(member.peerId) ?? -1) >= epoch) continue;
        const view = room.peerTopology(member.peerId);
        if (view === undefined) continue;
        this.io.to(member.socketId).emit('topology', view);
        sent.set(member.peerId, epoch);
      }
    }
    if (sent.size === 0) this.sent.delete(room.name);
    else this.sent.set(room.name, sent);
    this.io.to(watchersChannel(room.name)).emit('room-topology', room.topologyUpdate());
  }
}

export function pushState(io: SignalingIo, room: Room): void {
  io.to(peersChannel(room.name)).to(watchersChannel(room.name)).emit('control', room.state);
}
