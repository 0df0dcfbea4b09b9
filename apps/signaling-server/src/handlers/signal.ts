import type { ServerContext } from '../context';
import { accept, refuse, type EventHandler } from './wrap';

/** Relays WebRTC signals between neighbours of one room; the sender is the server's record, never the client's word. */
export function signalHandler(ctx: ServerContext): EventHandler<'signal', Record<never, never>> {
  return async (socket, request) => {
    const peer = socket.data.peer;
    if (peer === undefined) return refuse('not-joined', 'join a room before signalling');
    if (request.to === peer.peerId) return refuse('bad-request', 'a peer cannot signal itself');
    const room = await ctx.store.get(peer.room);
    const target = room?.member(request.to);
    if (room === undefined || target === undefined) return refuse('unknown-peer', `no peer ${request.to} in room ${peer.room}`);
    if (!room.areNeighbours(peer.peerId, request.to)) {
      return refuse('not-neighbour', `${request.to} is not a neighbour of ${peer.peerId} at epoch ${room.topology?.epoch ?? 0}`);
    }
    ctx.io.to(target.socketId).emit('signal', { from: peer.peerId, data: request.data });
    ctx.counters.relayedSignals += 1;
    return accept({});
  };
}
