import type { JoinAck, JoinRequest, Result } from '@canopy/protocol';
import { pushState } from '../broadcast';
import type { ServerContext } from '../context';
import { resumeSecret, resumeSecretMatches } from '../resume-secret';
import type { JoinOutcome, Room } from '../room';
import { relayIceServers } from '../turn/relay-ice-servers';
import { peersChannel, watchersChannel, type SignalingSocket } from '../types';
import { departPeer, socketAlive } from './membership';
import { accept, refuse, type EventHandler } from './wrap';

export function joinHandler(ctx: ServerContext): EventHandler<'join', JoinAck> {
  return async (socket, request) => {
    const previous = socket.data.peer;
    if (previous !== undefined) {
      // Another server instance may have taken this socket out (kick, step-out) without reaching its data here.
      const room = await ctx.store.get(previous.room);
      if (room?.member(previous.peerId)?.socketId === socket.id) return refuse('bad-request', `already joined room ${previous.room}; leave first`);
      delete socket.data.peer;
    }
    if (socket.data.joining === true) return refuse('bad-request', 'a join is already under way on this connection');
    socket.data.joining = true;
    try {
      return await join(ctx, socket, request);
    } finally {
      socket.data.joining = false;
    }
  };
}

async function join(ctx: ServerContext, socket: SignalingSocket, request: JoinRequest): Promise<Result<JoinAck>> {
  const name = request.room;
  const resumePeerId = provenPeerId(ctx, name, request.resume);
  const takeOver = resumePeerId === undefined ? undefined : await goneHolder(ctx, name, resumePeerId);
  // Dashboards may have been watching the name before the room existed (watch.ts): they count as its watchers.
  const waiting = [...(ctx.io.sockets.adapter.rooms.get(watchersChannel(name)) ?? [])];
  const change = (room: Room): Result<JoinOutcome> => {
    const replacing = takeOver !== undefined && room.member(resumePeerId ?? '')?.socketId === takeOver;
    // A tab that proves an evicted id is that peer coming back: refused, not given a fresh id.
    if (resumePeerId !== undefined && room.isBanned(resumePeerId)) return refuse('evicted', `peer ${resumePeerId} was removed from room ${name} and cannot rejoin it`);
    // A locked room takes back its members (a proven resume: a reconnect, a server restart, a step-out) and nobody else.
    if (room.state.locked && resumePeerId === undefined) return refuse('room-locked', `room ${name} is locked: it takes no new tabs (the teacher can unlock it)`);
    if (!replacing && room.size >= ctx.options.maxRoomSize) return refuse('room-full', `room ${name} is full (${ctx.options.maxRoomSize} peers)`);
    for (const id of waiting) room.watchers.add(id);
    const input = { socketId: socket.id, displayName: request.displayName, capabilities: request.capabilities, resumePeerId, takeOver, now: Date.now() };
    return accept(room.join(input));
  };
  // Most joins are into a room that exists; a missing one is created only within this address's limit.
  let created = false;
  let updated = await ctx.store.update(name, change);
  if (updated === undefined) {
    const address = socket.handshake.address;
    created = true;
    updated = await ctx.store.update(name, change, { createdBy: address, maxPerCreator: ctx.options.maxRoomsPerAddress });
    if (updated === undefined) return refuseCreation(ctx, address);
  }
  const { room, value: outcome } = updated;
  if (!outcome.ok) {
    await ctx.store.release(name);
    return outcome;
  }
  const { peerId } = outcome.value.member;
  socket.data.peer = { room: name, peerId };
  void socket.join(peersChannel(name));
  if (socket.disconnected) {
    // It left while the store answered: its disconnect found no membership to end, so it is ended here.
    await departPeer(ctx, socket);
    return refuse('not-joined', 'disconnected while joining');
  }
  const topology = room.peerTopology(peerId);
  if (topology === undefined) throw new Error(`peer ${peerId} missing from the topology it just joined`);
  ctx.topologies.markSent(name, peerId, topology.epoch); // the ack carries it
  ctx.topologies.schedule(room);
  const replaced = outcome.value.replacedSocket;
  if (replaced !== undefined) {
    ctx.io.in(replaced).disconnectSockets(true);
    ctx.logger.info('peer resumed its place', { room: name, peer: peerId });
  }
  if (created && waiting.length > 0) pushState(ctx.io, room);
  const resume = resumeSecret(ctx.serverKey, name, peerId);
  const iceServers = relayIceServers(ctx.options.iceServers, ctx.options.turn, peerId, socket.handshake.headers.host, Date.now());
  return accept({ ...room.state, peerId, resumeSecret: resume, room: name, iceServers, topology });
}

/** Why a room could not be made: one client address may have created at most maxRoomsPerAddress, or the store is full. */
async function refuseCreation(ctx: ServerContext, address: string): Promise<Result<JoinAck>> {
  const created = await ctx.store.createdBy(address);
  if (created >= ctx.options.maxRoomsPerAddress) {
    return refuse('room-full', `this address already created ${created} rooms (at most ${ctx.options.maxRoomsPerAddress}); join an existing room`);
  }
  return refuse('room-full', 'the server holds too many rooms');
}

/**
 * The socket holding `peerId` when it is gone (the tab reconnected, perhaps through another server instance,
 * before its old connection was noticed): a proven resume then takes the member's place and the trees stay.
 * A live holder keeps its id; the newcomer gets a fresh one.
 */
async function goneHolder(ctx: ServerContext, name: string, peerId: string): Promise<string | undefined> {
  const holder = (await ctx.store.get(name))?.member(peerId);
  if (holder === undefined) return undefined;
  return (await socketAlive(ctx, holder.socketId)) ? undefined : holder.socketId;
}

/** The resumed peer id when the secret proves it, else undefined (counted: a stale or forged resume). */
function provenPeerId(ctx: ServerContext, room: string, resume: JoinRequest['resume']): string | undefined {
  if (resume === undefined) return undefined;
  if (resumeSecretMatches(ctx.serverKey, room, resume.peerId, resume.secret)) return resume.peerId;
  ctx.counters.unprovenResumes += 1;
  return undefined;
}
