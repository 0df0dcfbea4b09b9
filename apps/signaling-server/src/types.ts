import type { ClientToServerEvents, PeerId, ServerToClientEvents } from '@canopy/protocol';
import type { Server, Socket } from 'socket.io';

/** Per-socket state kept by the server (socket.data): plain data only, since it crosses instances (fetchSockets). */
export interface SocketData {
  /** Set once the socket has joined a room as a peer. */
  peer?: { readonly room: string; readonly peerId: PeerId };
  /** The room a dashboard watches. */
  watching?: string;
  /** A join of this socket is waiting for the room store. */
  joining?: boolean;
}

/** Between instances sharing a store (--redis): a room changed, so each pushes the new views to its own sockets. */
export interface InterServerEvents {
  'room-changed': (room: unknown) => void;
}

export type SignalingIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** socket.io room names: one per room for its peers, one for its dashboards. */
export const peersChannel = (room: string): string => `peers:${room}`;
export const watchersChannel = (room: string): string => `watch:${room}`;
