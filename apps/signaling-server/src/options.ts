import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IceServer } from '@canopy/protocol';
import { SIGNALING_LIMITS } from '@canopy/protocol';
import { consoleLogger, type Logger } from './logger';
import type { TurnSettings } from './turn/relay-ice-servers';
import { DEFAULT_METRICS_WINDOW, type MetricsWindowLimits } from './metrics-window';
import type { RateLimit } from './rate-limit';
import type { RoomLedger } from './room-ledger';
import { InMemoryRoomStore, type RoomStore, type RoomStoreSettings } from './room-store';
import { DEFAULT_CHECKPOINT_BUDGET_BYTES } from './checkpoints/checkpoint-store';

export interface SignalingServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Generated when absent. */
  readonly adminToken?: string;
  readonly iceServers?: readonly IceServer[];
  /** A TURN relay whose URLs every join ack carries with a credential for that peer (none by default). */
  readonly turn?: TurnSettings | null;
  readonly maxRoomSize?: number;
  readonly maxRooms?: number;
  /**
   * Rooms that joins from one client address may have created and that still exist. Rooms are created only by
   * joins (a dashboard watching a room that does not exist yet creates nothing), so this is what keeps one
   * client from filling the server with empty rooms. Generous: a classroom behind one NAT joins one room.
   */
  readonly maxRoomsPerAddress?: number;
  /**
   * Where the server keeps its resume-secret key, room ledger (epochs, run ids) and evicted rooms' metrics, so
   * a restart loses none of them (state-dir.ts); null keeps them in memory (the default here; main.ts uses a
   * directory).
   */
  readonly stateDir?: string | null;
  /** Most bytes of checkpoint values kept, all rooms together (checkpoints/checkpoint-store.ts); default 256 MB. */
  readonly checkpointBudgetBytes?: number;
  /** Built browser app to serve; defaults to apps/browser-node/dist when that folder exists. */
  readonly staticDir?: string | null;
  /** All events of one socket. A WebRTC negotiation sends an offer/answer and a dozen candidates per link. */
  readonly eventRate?: RateLimit;
  /** Metrics reports of one socket (the protocol says ≤ 2 Hz). */
  readonly metricsRate?: RateLimit;
  readonly metricsWindow?: MetricsWindowLimits;
  /** Samples included in a dashboard's watch snapshot. */
  readonly snapshotMetrics?: number;
  readonly logger?: Logger;
  /**
   * Redis URL (redis://host:port): rooms, metrics and the resume-secret key live there and the socket.io Redis
   * Streams adapter carries the broadcasts, so that any number of instances serve one room. null (the default):
   * rooms in this process's memory.
   */
  readonly redis?: string | null;
  /** Prefix of every Redis key and stream of this deployment (several can share one Redis). */
  readonly redisPrefix?: string;
  /** Where rooms live without Redis; in memory by default (room-store.ts). */
  readonly createRoomStore?: (settings: RoomStoreSettings, ledger: RoomLedger) => RoomStore;
  /** Allowed origins for socket.io (CORS); true reflects any origin (the admin token guards control). */
  readonly corsOrigin?: boolean | string | readonly string[];
}

export type ResolvedOptions = Required<Omit<SignalingServerOptions, 'staticDir' | 'host' | 'stateDir' | 'turn' | 'redis'>> & {
  readonly redis: string | null;
  readonly turn: TurnSettings | null;
  readonly staticDir: string | null;
  readonly stateDir: string | null;
  readonly host: string | undefined;
};

export const DEFAULT_EVENT_RATE: RateLimit = { capacity: 400, perSecond: 100 };
export const DEFAULT_METRICS_RATE: RateLimit = { capacity: 2, perSecond: 2 };

const BROWSER_DIST = resolve(import.meta.dirname, '..', '..', 'browser-node', 'dist');

export function resolveOptions(options: SignalingServerOptions, generatedToken: () => string): ResolvedOptions {
  const staticDir = options.staticDir === undefined ? (existsSync(BROWSER_DIST) ? BROWSER_DIST : null) : options.staticDir;
  return {
    port: options.port ?? 0,
    host: options.host,
    adminToken: options.adminToken ?? generatedToken(),
    iceServers: options.iceServers ?? [],
    turn: options.turn ?? null,
    maxRoomSize: options.maxRoomSize ?? 64,
    maxRooms: options.maxRooms ?? 256,
    maxRoomsPerAddress: options.maxRoomsPerAddress ?? 16,
    stateDir: options.stateDir ?? null,
    checkpointBudgetBytes: options.checkpointBudgetBytes ?? DEFAULT_CHECKPOINT_BUDGET_BYTES,
    staticDir,
    eventRate: options.eventRate ?? DEFAULT_EVENT_RATE,
    metricsRate: options.metricsRate ?? DEFAULT_METRICS_RATE,
    metricsWindow: options.metricsWindow ?? DEFAULT_METRICS_WINDOW,
    snapshotMetrics: options.snapshotMetrics ?? 500,
    logger: options.logger ?? consoleLogger,
    corsOrigin: options.corsOrigin ?? true,
    redis: options.redis ?? null,
    redisPrefix: options.redisPrefix ?? 'canopy:',
    createRoomStore: options.createRoomStore ?? ((settings, ledger) => new InMemoryRoomStore(settings, ledger)),
  };
}

export const MAX_HTTP_BUFFER_SIZE = SIGNALING_LIMITS.maxMessageBytes;
