/**
 * Leaving (explicitly or by disconnecting), unwatching, and taking members out. Sockets are addressed through
 * the adapter (`io.in(socketId)`), so this works whichever server instance holds the socket.
 */
import type { ServerContext } from '../context';
import type { Member, Room } from '../room';
import { peersChannel, watchersChannel, type SignalingSocket } from '../types';

/** Removes the socket's peer from its room and repairs the topology; false when it had not joined. */
export async function departPeer(ctx: ServerContext, socket: SignalingSocket): Promise<boolean> {
  const peer = socket.data.peer;
  if (peer === undefined) return false;
  delete socket.data.peer;
  void socket.leave(peersChannel(peer.room));
  const updated = await ctx.store.update(peer.room, (room) => room.member(peer.peerId)?.socketId === socket.id && room.leave(peer.peerId) !== undefined);
  if (updated?.value === true) {
    ctx.topologies.schedule(updated.room);
    await ctx.store.release(peer.room);
  }
  return true;
}

export async function stopWatching(ctx: ServerContext, socket: SignalingSocket): Promise<void> {
  const name = socket.data.watching;
  if (name === undefined) return;
  delete socket.data.watching;
  void socket.leave(watchersChannel(name));
  const updated = await ctx.store.update(name, (room) => room.watchers.delete(socket.id));
  if (updated?.value === true) await ctx.store.release(name);
}

/** Whether a socket is connected to this or (through the adapter) another server instance. */
export async function socketAlive(ctx: ServerContext, socketId: string): Promise<boolean> {
  if (ctx.io.sockets.sockets.has(socketId)) return true;
  try {
    return (await ctx.io.in(socketId).fetchSockets()).length > 0;
  } catch {
    return false; // an instance that does not answer holds no socket anyone can reach
  }
}

/** Tells a member the admin took it out for `seconds` (its socket stays connected: it rejoins by itself). */
export function stepOut(ctx: ServerContext, room: Room, member: Member, seconds: number): void {
  const local = ctx.io.sockets.sockets.get(member.socketId);
  if (local !== undefined) delete local.data.peer;
  ctx.io.in(member.socketId).socketsLeave(peersChannel(room.name));
  ctx.io.to(member.socketId).emit('stepped-out', { room: room.name, seconds });
  ctx.topologies.schedule(room);
  ctx.logger.info('peer stepped out', { room: room.name, peer: member.peerId, seconds });
}

/**
 * Cuts an evicted member's socket off (Room.evict already removed it): told why through `refused`, then
 * disconnected by the server (a socket.io client does not reconnect after that), and the trees are repaired.
 */
export function disconnectEvicted(ctx: ServerContext, room: Room, member: Member, why: string): void {
  const local = ctx.io.sockets.sockets.get(member.socketId);
  if (local !== undefined) delete local.data.peer;
  ctx.io.to(member.socketId).emit('refused', { event: 'join', error: { code: 'evicted', message: `removed from room ${room.name}: ${why}` } });
  ctx.io.in(member.socketId).disconnectSockets(true);
  ctx.topologies.schedule(room);
  ctx.logger.info('peer evicted', { room: room.name, peer: member.peerId, why });
}
