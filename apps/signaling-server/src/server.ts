/** createSignalingServer: HTTP + socket.io on one port; rooms in memory, or in Redis shared by several instances. */
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
import type { RoomStore, RoomStoreSettings } from './room-store';
import { DepartedSocketSweeper } from './shared/departed-sockets';
import { connectShared, SHARED_GATHER_MS } from './shared/redis-deployment';
import { followRoomChange } from './shared/room-changes';
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
  const storeSettings: RoomStoreSettings = {
    maxRooms: resolved.maxRooms,
    metricsLimits: resolved.metricsWindow,
    onEvict: (name, samples) => {
      if (samples.length > 0) state.archive.save(name, samples);
    },
  };
  const shared =
    resolved.redis === null
      ? null
      : await connectShared(resolved.redis, resolved.redisPrefix, { ...storeSettings, checkpointBudgetBytes: resolved.checkpointBudgetBytes }, resolved.logger);
  const checkpoints = shared?.checkpoints ?? state.checkpoints;
  const store = shared?.store ?? resolved.createRoomStore(storeSettings, state.ledger);
  const serverKey = shared?.key ?? state.key;
  const joinCodes = new JoinCodes(serverKey, async () => (await store.list()).map((room) => room.name));
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
      checkpoints: { checkpoints, serverKey, now: () => Date.now(), lastStoredAt: new Map() },
    }),
  );
  const io: SignalingIo = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    cors: { origin: typeof resolved.corsOrigin === 'boolean' || typeof resolved.corsOrigin === 'string' ? resolved.corsOrigin : [...resolved.corsOrigin] },
    serveClient: false,
    ...(shared === null ? {} : { adapter: shared.adapter }),
  });
  const topologies = new TopologyPublisher(
    io,
    counters,
    resolved.logger,
    shared === null ? {} : { gatherMs: SHARED_GATHER_MS, announce: (room) => io.serverSideEmit('room-changed', room) },
  );
  const ctx: ServerContext = { io, store, options: resolved, counters, logger: resolved.logger, topologies, serverKey, checkpoints };
  if (shared !== null) io.on('room-changed', (room) => followRoomChange(ctx, room));
  const sweeper = shared === null ? null : new DepartedSocketSweeper(ctx);
  sweeper?.start();
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
    httpServer.once('error', (error) => {
      sweeper?.stop();
      void io.close();
      void shared?.close();
      reject(error);
    });
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
      sweeper?.stop();
      // io.close() disconnects every socket and closes the HTTP server; keep-alive connections are cut too.
      void io.close(() => resolve());
      httpServer.closeAllConnections();
    }).then(async () => {
      // The departing tabs' leaves (disconnect handlers) are finished before the store disconnects.
      await shared?.close();
    });
    return closing;
  };

  return { port: address.port, url: `http://${urlHost}:${address.port}`, adminToken: resolved.adminToken, counters, store, close };
}
