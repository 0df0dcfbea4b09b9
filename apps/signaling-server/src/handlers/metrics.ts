import type { MetricsSample } from '@canopy/protocol';
import type { ServerContext } from '../context';
import { watchersChannel } from '../types';
import { disconnectEvicted } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

export function metricsHandler(ctx: ServerContext): EventHandler<'metrics', Record<never, never>> {
  return (socket, report) => {
    const peer = socket.data.peer;
    if (peer === undefined) return refuse('not-joined', 'join a room before reporting metrics');
    if (!socket.data.metrics.take()) return refuse('rate-limited', 'metrics are limited to 2 reports per second');
    const room = ctx.store.get(peer.room);
    if (room === undefined) return refuse('not-joined', `room ${peer.room} no longer exists`);
    const sample: MetricsSample = { ...report, room: room.name, peerId: peer.peerId, at: Date.now() };
    room.metrics.push(sample);
    ctx.counters.metricsReports += 1;
    ctx.io.to(watchersChannel(room.name)).emit('metrics', sample);
    for (const suspect of room.report(peer.peerId, report.quarantined ?? [])) {
      const evicted = room.evict(suspect);
      if (evicted !== undefined) disconnectEvicted(ctx, room, evicted, 'quarantined by several of its neighbours');
    }
    return accept({});
  };
}
