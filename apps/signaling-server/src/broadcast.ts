/** Pushes room changes out: each peer its own view of the graphs, dashboards the whole picture. */
import type { ServerCounters } from './counters';
import type { Logger } from './logger';
import type { Room } from './room';
import { peersChannel, watchersChannel, type SignalingIo } from './types';

/**
 * Topology pushes are coalesced per event-loop turn: a burst of joins (a class opening the page at once)
 * costs one push per member instead of one per join and member. Every member still receives the newest
 * epoch in the same tick, and a member is never sent an epoch it already has (its join ack included).
 */
export class TopologyPublisher {
  private readonly pending = new Set<Room>();
  private scheduled = false;

  constructor(
    private readonly io: SignalingIo,
    private readonly counters: ServerCounters,
    private readonly logger: Logger,
  ) {}

  schedule(room: Room): void {
    this.pending.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends what is pending now (also used directly by tests and on shutdown). */
  flush(): void {
    this.scheduled = false;
    const rooms = [...this.pending];
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
    if (epoch !== undefined) {
      for (const member of room.memberList()) {
        if (!room.needsTopology(member.peerId)) continue;
        const view = room.peerTopology(member.peerId);
        if (view === undefined) continue;
        this.io.to(member.socketId).emit('topology', view);
        room.markTopologySent(member.peerId, epoch);
      }
    }
    this.io.to(watchersChannel(room.name)).emit('room-topology', room.topologyUpdate());
  }
}

export function pushState(io: SignalingIo, room: Room): void {
  io.to(peersChannel(room.name)).to(watchersChannel(room.name)).emit('control', room.state);
}
