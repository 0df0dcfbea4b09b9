import { initialRoomState, type WatchSnapshot } from '@canopy/protocol';
import type { ServerContext } from '../context';
import { watchersChannel } from '../types';
import { stopWatching } from './membership';
import { accept, type EventHandler } from './wrap';

/**
 * A dashboard subscribes to one room at a time (watching another room replaces the subscription). Watching a
 * room that does not exist yet creates nothing: the dashboard gets an empty snapshot and the room's updates
 * once a join creates it (join.ts adopts its watchers).
 */
export function watchHandler(ctx: ServerContext): EventHandler<'watch', WatchSnapshot> {
  return async (socket, request) => {
    await stopWatching(ctx, socket);
    socket.data.watching = request.room;
    void socket.join(watchersChannel(request.room));
    const updated = await ctx.store.update(request.room, (room) => room.watchers.add(socket.id));
    if (updated === undefined) return accept({ room: request.room, topology: null, members: [], state: initialRoomState(), metrics: [] });
    const metrics = (await ctx.store.metrics(request.room, { recent: ctx.options.snapshotMetrics })) ?? [];
    return accept(updated.room.snapshot(metrics));
  };
}
