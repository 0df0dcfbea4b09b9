import type { JoinAck, JoinRequest, Result } from '@canopy/protocol';
import { pushState } from '../broadcast';
import type { ServerContext } from '../context';
import { resumeSecret, resumeSecretMatches } from '../resume-secret';
import type { Room } from '../room';
import { relayIceServers } from '../turn/relay-ice-servers';
import { peersChannel, watchersChannel, type SignalingSocket } from '../types';
import { accept, refuse, type EventHandler } from './wrap';

export function joinHandler(ctx: ServerContext): EventHandler<'join', JoinAck> {
  return (socket, request) => {
    if (socket.data.peer !== undefined) return refuse('bad-request', `already joined room ${socket.data.peer.room}; leave first`);
    const found = roomFor(ctx, socket, request.room);
    if (!found.ok) return found;
    const room = found.value;
    if (room.size >= ctx.options.maxRoomSize) return refuse('room-full', `room ${room.name} is full (${ctx.options.maxRoomSize} peers)`);

    const outcome = room.join({
      socketId: socket.id,
      displayName: request.displayName,
      capabilities: request.capabilities,
      resumePeerId: provenPeerId(ctx, room.name, request.resume),
      now: Date.now(),
    });
    const { peerId } = outcome.member;
    socket.data.peer = { room: room.name, peerId };
    void socket.join(peersChannel(room.name));
    const topology = room.peerTopology(peerId);
    if (topology === undefined) throw new Error(`peer ${peerId} missing from the topology it just joined`);

    room.markTopologySent(peerId, topology.epoch); // the ack carries it
    ctx.topologies.schedule(room);
    const resume = resumeSecret(ctx.serverKey, room.name, peerId);
    const iceServers = relayIceServers(ctx.options.iceServers, ctx.options.turn, peerId, socket.handshake.headers.host, Date.now());
    return accept({ ...room.state, peerId, resumeSecret: resume, room: room.name, iceServers, topology });
  };
}

/**
 * The room to join. Only a join creates a room, and one client address may have created at most
 * maxRoomsPerAddress of the rooms that exist (so empty rooms cannot crowd real ones out).
 */
function roomFor(ctx: ServerContext, socket: SignalingSocket, name: string): Result<Room> {
  const existing = ctx.store.get(name);
  if (existing !== undefined) return accept(existing);
  const address = socket.handshake.address;
  let created = 0;
  for (const room of ctx.store.rooms()) if (room.createdBy === address) created++;
  if (created >= ctx.options.maxRoomsPerAddress) {
    return refuse('room-full', `this address already created ${created} rooms (at most ${ctx.options.maxRoomsPerAddress}); join an existing room`);
  }
  const room = ctx.store.getOrCreate(name, address);
  if (room === undefined) return refuse('room-full', 'the server holds too many rooms');
  // Dashboards may have been watching the name before the room existed (watch.ts): they count as its watchers.
  const waiting = ctx.io.sockets.adapter.rooms.get(watchersChannel(name));
  for (const id of waiting ?? []) room.watchers.add(id);
  if (room.watchers.size > 0) pushState(ctx.io, room);
  return accept(room);
}

/** The resumed peer id when the secret proves it, else undefined (counted: a stale or forged resume). */
function provenPeerId(ctx: ServerContext, room: string, resume: JoinRequest['resume']): string | undefined {
  if (resume === undefined) return undefined;
  if (resumeSecretMatches(ctx.serverKey, room, resume.peerId, resume.secret)) return resume.peerId;
  ctx.counters.unprovenResumes += 1;
  return undefined;
}
