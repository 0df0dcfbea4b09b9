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
  return (socket, request) => {
    stopWatching(ctx, socket);
    socket.data.watching = request.room;
    void socket.join(watchersChannel(request.room));
    const room = ctx.store.get(request.room);
    if (room === undefined) return accept({ room: request.room, topology: null, members: [], state: initialRoomState(), metrics: [] });
    room.watchers.add(socket.id);
    return accept(room.snapshot(ctx.options.snapshotMetrics));
  };
}
