/** The same behaviour from every store; the file one also across a "restart" (a new instance on the same dir). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredCheckpoint } from '@canopy/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../testing/redis-server';
import { FileCheckpointStore, InMemoryCheckpointStore, RUNS_KEPT, type CheckpointStore } from './checkpoint-store';
import { RedisCheckpointStore } from './redis-checkpoint-store';

const meta = (room: string, step: number): StoredCheckpoint => ({
  room, peerId: 'p-1', runId: 3, step, dataset: 'mnist', model: 'cnn', algorithm: 'rfast',
  heldOut: { accuracy: 0.9, loss: 0.3, samples: 2000 }, parameterCount: 4, at: 1_000 + step,
});

let redis: RunningRedis;
const clients: Redis[] = [];
let deployment = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

const stores: [string, (budgetBytes?: number) => CheckpointStore][] = [
  ['in memory', (budgetBytes) => new InMemoryCheckpointStore(budgetBytes)],
  ['on disk', (budgetBytes) => new FileCheckpointStore(mkdtempSync(join(tmpdir(), 'canopy-ckpt-')), budgetBytes)],
  [
    'in Redis (a real redis-server)',
    (budgetBytes) => {
      const client = new Redis(redis.url);
      clients.push(client);
      return new RedisCheckpointStore(client, budgetBytes, `ckpt${deployment++}:`);
    },
  ],
];

describe.each(stores)('checkpoint store (%s)', (_, create) => {
  it('keeps the newest checkpoint per room, values and description, as copies', async () => {
    const store = create();
    expect(await store.load('a')).toBeUndefined();
    const values = Float32Array.of(1, 2, 3, 4);
    await store.save({ meta: meta('a', 1), values });
    values[0] = 99; // the caller's buffer is not the stored one
    await store.save({ meta: meta('b', 7), values: Float32Array.of(5, 6, 7, 8) });
    await store.save({ meta: meta('a', 2), values: Float32Array.of(-1, -2, -3, -4) });
    expect(await store.load('a')).toEqual({ meta: meta('a', 2), values: Float32Array.of(-1, -2, -3, -4) });
    expect((await store.load('b'))?.values).toEqual(Float32Array.of(5, 6, 7, 8));
  });

  it('keeps the newest checkpoint of each of the last runs, newest run first, for a rollback', async () => {
    const store = create();
    const of = (runId: number, step: number): StoredCheckpoint => ({ ...meta('r', step), runId });
    await store.save({ meta: of(1, 10), values: Float32Array.of(1, 1, 1, 1) });
    await store.save({ meta: of(1, 20), values: Float32Array.of(2, 2, 2, 2) });
    await store.save({ meta: of(2, 5), values: Float32Array.of(3, 3, 3, 3) });
    expect((await store.history('r')).map((m) => [m.runId, m.step])).toEqual([[2, 5], [1, 20]]);
    expect((await store.loadRun('r', 1))?.values).toEqual(Float32Array.of(2, 2, 2, 2));
    expect(await store.loadRun('r', 3)).toBeUndefined();
    for (let runId = 3; runId <= RUNS_KEPT + 3; runId++) await store.save({ meta: of(runId, 1), values: new Float32Array(4) });
    expect(await store.history('r')).toHaveLength(RUNS_KEPT);
    expect(await store.loadRun('r', 1)).toBeUndefined(); // the oldest runs make way
    expect(await store.history('other')).toEqual([]);
  });
});

describe.each(stores)('checkpoint store budget (%s)', (_, create) => {
  // Each entry holds 4 float32 values = 16 bytes; a save keeps two entries (the room's newest and its run's).
  const at = (room: string, runId: number, time: number): StoredCheckpoint => ({ ...meta(room, time), runId, at: time });

  it('removes the entries saved longest ago, any room\'s, until the total fits; never the one just saved', async () => {
    const store = create(48);
    await store.save({ meta: at('a', 1, 100), values: Float32Array.of(1, 1, 1, 1) });
    await store.save({ meta: at('b', 1, 200), values: Float32Array.of(2, 2, 2, 2) });
    // 64 bytes > 48: a's run copy goes first, its newest stays.
    expect(await store.history('a')).toEqual([]);
    expect((await store.load('a'))?.values).toEqual(Float32Array.of(1, 1, 1, 1));
    await store.save({ meta: at('c', 1, 300), values: Float32Array.of(3, 3, 3, 3) });
    // Then room a entirely, and b's run copy.
    expect(await store.load('a')).toBeUndefined();
    expect((await store.load('b'))?.values).toEqual(Float32Array.of(2, 2, 2, 2));
    expect(await store.history('b')).toEqual([]);
    expect((await store.load('c'))?.values).toEqual(Float32Array.of(3, 3, 3, 3));
    expect((await store.history('c')).map((m) => m.runId)).toEqual([1]);
  });

  it('keeps the checkpoint just saved even when it alone exceeds the budget', async () => {
    const store = create(8);
    await store.save({ meta: at('a', 1, 100), values: Float32Array.of(1, 1, 1, 1) });
    await store.save({ meta: at('b', 2, 200), values: Float32Array.of(2, 2, 2, 2) });
    expect(await store.load('a')).toBeUndefined();
    expect((await store.load('b'))?.values).toEqual(Float32Array.of(2, 2, 2, 2));
    expect((await store.loadRun('b', 2))?.values).toEqual(Float32Array.of(2, 2, 2, 2));
  });
});

describe('FileCheckpointStore', () => {
  it('survives a restart, and ignores files that are not a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-ckpt-'));
    await new FileCheckpointStore(dir).save({ meta: meta('r', 5), values: Float32Array.of(1, 2, 3, 4) });
    expect(await new FileCheckpointStore(dir).load('r')).toEqual({ meta: meta('r', 5), values: Float32Array.of(1, 2, 3, 4) });
    writeFileSync(join(dir, `${Buffer.from('r').toString('hex')}.bin`), Buffer.alloc(12)); // torn: 3 values for 4
    expect(await new FileCheckpointStore(dir).load('r')).toBeUndefined();
  });
});
