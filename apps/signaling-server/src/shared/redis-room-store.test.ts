import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { roomStoreBehaviour } from '../room-store.suite';
import { startRedis, type RunningRedis } from '../testing/redis-server';
import { RedisRoomStore } from './redis-room-store';

let redis: RunningRedis;
let deployment = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

roomStoreBehaviour('Redis (a real redis-server)', async (settings) => {
  // Each test its own key prefix: two stores with two connections, as two server instances would have.
  const prefix = `test${deployment++}:`;
  const stores = [new RedisRoomStore(new Redis(redis.url), settings, prefix), new RedisRoomStore(new Redis(redis.url), settings, prefix)] as const;
  return { stores, cleanup: async () => Promise.all(stores.map((store) => store.close())).then(() => undefined) };
});
