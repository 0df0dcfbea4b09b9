/**
 * `--redis URL`: what several server instances share. Rooms, metrics and checkpoints in Redis, the
 * resume-secret key in Redis (a tab resuming through another instance proves itself with the same secret), and
 * the socket.io Redis Streams adapter under the broadcasts, so a socket on one instance reaches a member on
 * another. Streams rather than pub/sub: an instance that loses Redis for a moment reads what it missed.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { StartupError } from '../startup-error';
import { newServerKey, SERVER_KEY_BYTES } from '../resume-secret';
import type { RoomStoreSettings } from '../room-store';
import { RedisCheckpointStore } from '../checkpoints/redis-checkpoint-store';
import { RedisRoomStore } from './redis-room-store';

/** A dead instance is dropped from the adapter's view after this (it then stops delaying fetchSockets). */
export const ADAPTER_HEARTBEAT = { heartbeatInterval: 1000, heartbeatTimeout: 3000 } as const;
const CONNECT_TIMEOUT_MS = 5000;
/** How long one blocking read of the adapter's stream waits (its default is 5 s). */
const ADAPTER_POLL_MS = 1000;
/** Topology pushes gather this long on a shared store (broadcast.ts). */
export const SHARED_GATHER_MS = 25;

export interface SharedDeployment {
  readonly store: RedisRoomStore;
  readonly checkpoints: RedisCheckpointStore;
  readonly key: Buffer;
  readonly adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

export async function connectShared(
  url: string,
  prefix: string,
  settings: RoomStoreSettings & { readonly checkpointBudgetBytes: number },
  logger: Logger,
): Promise<SharedDeployment> {
  const redis = await connect(url, logger);
  const adapterClient = redis.duplicate({ enableAutoPipelining: false });
  adapterClient.on('error', () => {}); // reported once through the main client
  try {
    const key = await sharedKey(redis, `${prefix}server-key`);
    const adapter = createAdapter(adapterClient, {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      blockTimeInMs: ADAPTER_POLL_MS,
      ...ADAPTER_HEARTBEAT,
    });
    const store = new RedisRoomStore(redis, settings, prefix);
    return {
      store,
      checkpoints: new RedisCheckpointStore(redis, settings.checkpointBudgetBytes, prefix),
      key,
      adapter,
      close: async () => {
        await store.close();
        // A closed adapter still answers what its last stream read brought (up to one poll later), through this
        // client; quitting it earlier would make those answers fail where nobody catches them.
        await new Promise((resolve) => setTimeout(resolve, ADAPTER_POLL_MS + 200));
        await adapterClient.quit().catch(() => adapterClient.disconnect());
      },
    };
  } catch (error) {
    redis.disconnect();
    adapterClient.disconnect();
    throw error;
  }
}

async function connect(url: string, logger: Logger): Promise<Redis> {
  // Auto-pipelining: the many small reads of a join storm share round trips.
  const redis = new Redis(url, { lazyConnect: true, enableAutoPipelining: true, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) });
  let reported = false;
  let connected = false;
  let firstError: string | undefined;
  redis.on('error', (error: Error) => {
    firstError ??= error.message;
    if (reported || !connected) return; // before the first connection, the startup error below says it
    reported = true; // once per outage, not once per retry
    logger.error('Redis connection failed; retrying', { url, error: error.message });
  });
  redis.on('ready', () => {
    if (reported) logger.info('Redis connection restored', { url });
    reported = false;
    connected = true;
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from Redis at ${url} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS).unref());
  try {
    await Promise.race([redis.connect(), timeout]);
  } catch (error) {
    redis.disconnect();
    const why = firstError ?? (error instanceof Error ? error.message : String(error));
    throw new StartupError(`cannot reach Redis at ${url}: ${why} (is redis-server running there? e.g. \`redis-server --port 6379\`)`);
  }
  return redis;
}

/** The first instance makes the key; every later one (and every restart) reads it. */
async function sharedKey(redis: Redis, name: string): Promise<Buffer> {
  await redis.set(name, newServerKey().toString('hex'), 'NX');
  const key = Buffer.from((await redis.get(name)) ?? '', 'hex');
  if (key.length !== SERVER_KEY_BYTES) throw new StartupError(`Redis key ${name} is not a ${SERVER_KEY_BYTES}-byte hex key (delete it to make a new one)`);
  return key;
}
