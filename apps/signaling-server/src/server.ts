/** createSignalingServer: HTTP + socket.io on one port, rooms in memory. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { TopologyPublisher } from './broadcast';
import { handleConnection } from './connection';
import type { ServerContext } from './context';
import { ServerCounters } from './counters';
import { createRequestListener } from './http';
import { JoinCodes } from './join-codes';
import { reachableHosts } from './links';
import { MAX_HTTP_BUFFER_SIZE, resolveOptions, type SignalingServerOptions } from './options';
import { Room } from './room';
import type { RoomStore } from './room-store';
import { openServerState } from './state-dir';
import { generateAdminToken } from './token';
import type { InterServerEvents, SignalingIo, SocketData } from './types';
import type { ClientToServerEvents, ServerToClientEvents } from '@canopy/protocol';

export interface SignalingServer {
  readonly port: number;
  /** http://host:port (127.0.0.1 when listening on every interface). */
  readonly url: string;
  readonly adminToken: string;
  readonly counters: ServerCounters;
  readonly store: RoomStore;
  close(): Promise<void>;
}

export async function createSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const resolved = resolveOptions(options, generateAdminToken);
  const counters = new ServerCounters();
  const state = openServerState(resolved.stateDir, resolved.checkpointBudgetBytes);
  const store = resolved.createRoomStore(
    (name, createdBy) => new Room(name, { metricsLimits: resolved.metricsWindow, ledger: state.ledger, ...(createdBy === undefined ? {} : { createdBy }) }),
    resolved.maxRooms,
    (room) => {
      if (room.metrics.size > 0) state.archive.save(room.name, room.metrics.all());
    },
  );
  const joinCodes = new JoinCodes(state.key, () => [...store.rooms()].map((room) => room.name));
  let listeningPort = 0;
  const lanOrigins = (): string[] =>
    reachableHosts(resolved.host ?? '0.0.0.0')
      .filter((host) => host !== 'localhost' && !host.startsWith('127.'))
      .map((host) => `http://${host.includes(':') ? `[${host}]` : host}:${listeningPort}`);
  const httpServer = createServer(
    createRequestListener({
      store,
      archive: state.archive,
      counters,
      staticDir: resolved.staticDir,
      logger: resolved.logger,
      startedAt: Date.now(),
      joinCodes,
      lanOrigins,
      checkpoints: { checkpoints: state.checkpoints, serverKey: state.key, now: () => Date.now(), lastStoredAt: new Map() },
    }),
  );
  const io: SignalingIo = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    cors: { origin: typeof resolved.corsOrigin === 'boolean' || typeof resolved.corsOrigin === 'string' ? resolved.corsOrigin : [...resolved.corsOrigin] },
    serveClient: false,
  });
  const topologies = new TopologyPublisher(io, counters, resolved.logger);
  const ctx: ServerContext = { io, store, options: resolved, counters, logger: resolved.logger, topologies, serverKey: state.key, checkpoints: state.checkpoints };
  io.on('connection', (socket) => {
    try {
      handleConnection(ctx, socket);
    } catch (cause) {
      counters.handlerErrors += 1;
      resolved.logger.error('setting up a connection failed', { error: cause });
      socket.disconnect(true);
    }
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(resolved.port, resolved.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  listeningPort = address.port;
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      // io.close() disconnects every socket and closes the HTTP server; keep-alive connections are cut too.
      void io.close(() => resolve());
      httpServer.closeAllConnections();
    });
    return closing;
  };

  return { port: address.port, url: `http://${urlHost}:${address.port}`, adminToken: resolved.adminToken, counters, store, close };
}
