/** Leaving (explicitly or by disconnecting) and unwatching: shared by the leave handler and disconnect. */
import type { ServerContext } from '../context';
import type { Member, Room } from '../room';
import { peersChannel, watchersChannel, type SignalingSocket } from '../types';

/** Removes the socket's peer from its room and repairs the topology; false when it had not joined. */
export function departPeer(ctx: ServerContext, socket: SignalingSocket): boolean {
  const peer = socket.data.peer;
  if (peer === undefined) return false;
  delete socket.data.peer;
  void socket.leave(peersChannel(peer.room));
  const room = ctx.store.get(peer.room);
  if (room === undefined || room.member(peer.peerId)?.socketId !== socket.id) return true;
  room.leave(peer.peerId);
  ctx.topologies.schedule(room);
  ctx.store.release(room.name);
  return true;
}

export function stopWatching(ctx: ServerContext, socket: SignalingSocket): void {
  const name = socket.data.watching;
  if (name === undefined) return;
  delete socket.data.watching;
  void socket.leave(watchersChannel(name));
  const room = ctx.store.get(name);
  if (room === undefined) return;
  room.watchers.delete(socket.id);
  ctx.store.release(name);
}

/**
 * Cuts an evicted member's socket off (Room.evict already removed it): told why through `refused`, then
 * disconnected by the server (a socket.io client does not reconnect after that), and the trees are repaired.
 */
/** Tells a member the admin took it out for `seconds` (its socket stays connected: it rejoins by itself). */
export function stepOut(ctx: ServerContext, room: Room, member: Member, seconds: number): void {
  const socket = ctx.io.sockets.sockets.get(member.socketId);
  if (socket !== undefined) {
    delete socket.data.peer;
    void socket.leave(peersChannel(room.name));
    socket.emit('stepped-out', { room: room.name, seconds });
  }
  ctx.topologies.schedule(room);
  ctx.logger.info('peer stepped out', { room: room.name, peer: member.peerId, seconds });
}

export function disconnectEvicted(ctx: ServerContext, room: Room, member: Member, why: string): void {
  const socket = ctx.io.sockets.sockets.get(member.socketId);
  if (socket !== undefined) {
    delete socket.data.peer;
    socket.emit('refused', { event: 'join', error: { code: 'evicted', message: `removed from room ${room.name}: ${why}` } });
    socket.disconnect(true);
  }
  ctx.topologies.schedule(room);
  ctx.logger.info('peer evicted', { room: room.name, peer: member.peerId, why });
}
