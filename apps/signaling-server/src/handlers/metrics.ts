import type { MetricsSample } from '@canopy/protocol';
import type { ServerContext } from '../context';
import { limitsOf } from '../socket-limits';
import { watchersChannel } from '../types';
import { disconnectEvicted } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

export function metricsHandler(ctx: ServerContext): EventHandler<'metrics', Record<never, never>> {
  return async (socket, report) => {
    const peer = socket.data.peer;
    if (peer === undefined) return refuse('not-joined', 'join a room before reporting metrics');
    if (!limitsOf(socket).metrics.take()) return refuse('rate-limited', 'metrics are limited to 2 reports per second');
    const room = await ctx.store.get(peer.room);
    if (room === undefined) return refuse('not-joined', `room ${peer.room} no longer exists`);
    const sample: MetricsSample = { ...report, room: room.name, peerId: peer.peerId, at: Date.now() };
    await ctx.store.pushMetrics(room.name, sample);
    ctx.counters.metricsReports += 1;
    ctx.io.to(watchersChannel(room.name)).emit('metrics', sample);
    const suspects = report.quarantined ?? [];
    if (suspects.length === 0) return accept({});
    const updated = await ctx.store.update(room.name, (current) =>
      current.report(peer.peerId, suspects).flatMap((suspect) => current.evict(suspect) ?? []),
    );
    for (const evicted of updated?.value ?? []) disconnectEvicted(ctx, updated!.room, evicted, 'quarantined by several of its neighbours');
    return accept({});
  };
}
