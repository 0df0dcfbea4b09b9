import type { JoinAck } from '@canopy/protocol';
import { pushState } from '../broadcast';
import type { ServerContext } from '../context';
import { peersChannel } from '../types';
import { accept, refuse, type EventHandler } from './wrap';

export function joinHandler(ctx: ServerContext): EventHandler<'join', JoinAck> {
  return (socket, request) => {
    if (socket.data.peer !== undefined) return refuse('bad-request', `already joined room ${socket.data.peer.room}; leave first`);
    const room = ctx.store.getOrCreate(request.room);
    if (room === undefined) return refuse('room-full', 'the server holds too many rooms');
    if (room.size >= ctx.options.maxRoomSize) return refuse('room-full', `room ${room.name} is full (${ctx.options.maxRoomSize} peers)`);

    const outcome = room.join({
      socketId: socket.id,
      displayName: request.displayName,
      capabilities: request.capabilities,
      resume: request.resume,
      now: Date.now(),
    });
    const { peerId } = outcome.member;
    socket.data.peer = { room: room.name, peerId };
    void socket.join(peersChannel(room.name));
    const topology = room.peerTopology(peerId);
    if (topology === undefined) throw new Error(`peer ${peerId} missing from the topology it just joined`);

    room.markTopologySent(peerId, topology.epoch); // the ack carries it
    ctx.topologies.schedule(room);
    if (outcome.stateChanged) pushState(ctx.io, room);
    return accept({ ...room.state, peerId, room: room.name, iceServers: [...ctx.options.iceServers], topology });
  };
}
