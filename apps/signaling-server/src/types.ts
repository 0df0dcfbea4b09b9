import type { ClientToServerEvents, PeerId, ServerToClientEvents } from '@canopy/protocol';
import type { Server, Socket } from 'socket.io';
import type { TokenBucket } from './rate-limit';

/** Per-socket state kept by the server (socket.data). */
export interface SocketData {
  /** Set once the socket has joined a room as a peer. */
  peer?: { readonly room: string; readonly peerId: PeerId };
  /** The room a dashboard watches. */
  watching?: string;
  events: TokenBucket;
  metrics: TokenBucket;
}

/** Single process: no server-to-server events (a Redis adapter deployment would add them here). */
export type InterServerEvents = Record<never, never>;

export type SignalingIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** socket.io room names: one per room for its peers, one for its dashboards. */
export const peersChannel = (room: string): string => `peers:${room}`;
export const watchersChannel = (room: string): string => `watch:${room}`;
