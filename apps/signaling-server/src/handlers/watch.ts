import type { WatchSnapshot } from '@canopy/protocol';
import type { ServerContext } from '../context';
import { watchersChannel } from '../types';
import { stopWatching } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

/** A dashboard subscribes to one room at a time (watching another room replaces the subscription). */
export function watchHandler(ctx: ServerContext): EventHandler<'watch', WatchSnapshot> {
  return (socket, request) => {
    stopWatching(ctx, socket);
    const room = ctx.store.getOrCreate(request.room);
    if (room === undefined) return refuse('room-full', 'the server holds too many rooms');
    room.watchers.add(socket.id);
    socket.data.watching = room.name;
    void socket.join(watchersChannel(room.name));
    return accept(room.snapshot(ctx.options.snapshotMetrics));
  };
}
