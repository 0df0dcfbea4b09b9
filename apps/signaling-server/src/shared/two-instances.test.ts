/**
 * Two server instances on one real redis-server serve one room: joins on either build one pair of trees,
 * pushes and signals cross instances, a tab resumes its place through the other instance, members of a dead
 * instance are swept out, and a Redis restart loses nothing.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_HEADERS, MODEL_PARAMETERS, type SignalData, type WatchSnapshot } from '@canopy/protocol';
import { silentLogger } from '../logger';
import { resumeSecret } from '../resume-secret';
import { createSignalingServer, type SignalingServer } from '../server';
import { connectClient, metricsReport, sleep, TestPeer, waitUntil } from '../testing/clients';
import { SWEEP_INTERVAL_MS } from './departed-sockets';
import { startRedis, type RunningRedis } from '../testing/redis-server';
import { RedisRoomStore } from './redis-room-store';

let redis: RunningRedis;
let deployment = 0;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instances(count: number): Promise<{ servers: SignalingServer[]; prefix: string }> {
  const prefix = `two${deployment++}:`;
  const servers: SignalingServer[] = [];
  for (let i = 0; i < count; i++) {
    const server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, redis: redis.url, redisPrefix: prefix });
    cleanups.push(() => server.close());
    servers.push(server);
  }
  return { servers, prefix };
}

async function peer(server: SignalingServer, room: string, resume?: { peerId: string; secret: string }): Promise<TestPeer> {
  const p = await TestPeer.join(server.url, room, resume);
  cleanups.push(() => p.close());
  return p;
}

/** Every peer linked to `view`'s owner in either graph. */
const neighbours = (view: TestPeer['topology']): string[] => [
  ...view.pull.in.map((e) => e.peer), ...view.pull.out, ...view.push.out.map((e) => e.peer), ...view.push.in,
];

const offer: SignalData = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };

describe('several instances on Redis', () => {
  it('refuses to start, saying why, when Redis cannot be reached', async () => {
    const starting = createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, redis: 'redis://127.0.0.1:1' });
    await expect(starting).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/);
  });

  it('one room across two instances: one pair of trees, pushes, signals and metrics cross between them', async () => {
    const { servers: [a, b] } = await instances(2);
    const watcher = await connectClient(b!.url);
    cleanups.push(() => void watcher.close());
    const metrics: number[] = [];
    watcher.on('metrics', (sample) => metrics.push(sample.step));
    await watcher.emitWithAck('watch', { room: 'class' });

    const first = await peer(a!, 'class');
    const second = await peer(b!, 'class');
    const third = await peer(a!, 'class');
    expect(third.topology.epoch).toBeGreaterThan(second.topology.epoch);
    // The instance that made each change pushed it to members on the other instance too.
    await waitUntil(() => first.topology.epoch === third.topology.epoch && second.topology.epoch === third.topology.epoch, 3000, 'every tab at the newest epoch');
    expect(new Set([first, second, third].map((p) => p.topology.root)).size).toBe(1);

    const neighbour = [first.id, third.id].find((id) => neighbours(second.topology).includes(id))!;
    const to = neighbour === first.id ? first : third;
    expect(await second.socket.emitWithAck('signal', { to: to.id, data: offer })).toEqual({ ok: true });
    await waitUntil(() => to.signals.some((s) => s.from === second.id), 3000, 'the signal to cross instances');

    expect(await first.socket.emitWithAck('metrics', metricsReport(42))).toEqual({ ok: true });
    await waitUntil(() => metrics.includes(42), 3000, 'the dashboard on the other instance to see the report');
    const snapshot = (await watcher.emitWithAck('watch', { room: 'class' })) as { ok: true } & WatchSnapshot;
    expect(snapshot.members.map((m) => m.peerId).sort()).toEqual([first.id, second.id, third.id].sort());
    expect(snapshot.metrics.map((s) => s.step)).toEqual([42]);
    // A sweep (every 2 s) asks each instance for its sockets: their data crosses instances, and both stay up.
    await sleep(2 * SWEEP_INTERVAL_MS + 500);
    for (const server of [a!, b!]) {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { rooms: number; peers: number; counters: { handlerErrors: number } };
      expect(health).toMatchObject({ rooms: 1, peers: 3, counters: { handlerErrors: 0 } });
    }
  });

  it('a tab whose instance died takes its place back through another instance; members nobody resumes are swept out', async () => {
    const { servers: [a], prefix } = await instances(1);
    const first = await peer(a!, 'class');
    // Two members whose sockets lived on an instance that is gone (written as that instance would have).
    const store = new RedisRoomStore(new Redis(redis.url), { maxRooms: 8 }, prefix);
    cleanups.push(() => store.close());
    const ghosts = await store.update('class', (room) =>
      ['gone-1', 'gone-2'].map((socketId) => room.join({ socketId, displayName: socketId, capabilities: { backend: 'cpu', stepMs: null }, now: 0 }).member.peerId),
    );
    const [returning, vanished] = ghosts!.value;
    const epoch = ghosts!.room.topology!.epoch;
    await waitUntil(async () => (await store.get('class'))?.size === 3, 1000, 'the ghosts to be members');

    const key = Buffer.from((await new Redis(redis.url).get(`${prefix}server-key`))!, 'hex');
    const back = await peer(a!, 'class', { peerId: returning!, secret: resumeSecret(key, 'class', returning!) });
    expect(back.id).toBe(returning);
    expect(back.topology.epoch).toBe(epoch); // its place, not a repair

    await waitUntil(async () => (await store.get('class'))?.member(vanished!) === undefined, 10_000, 'the vanished member to be swept out');
    const room = (await store.get('class'))!;
    expect(room.memberList().map((m) => m.peerId).sort()).toEqual([first.id, returning].sort());
    await waitUntil(() => first.topology.epoch > epoch && first.topology.size === 2 && !neighbours(first.topology).includes(vanished!), 3000, 'the repaired trees to reach the tabs');
  });

  it('a Redis restart loses no room, member, epoch, metric or checkpoint, and joins work again after it', async () => {
    const { servers: [a, b] } = await instances(2);
    const first = await peer(a!, 'class');
    const second = await peer(b!, 'class');
    expect(await first.socket.emitWithAck('metrics', metricsReport(5))).toEqual({ ok: true });
    // The root's checkpoint, uploaded through one instance, is the room's on the other (rollbacks, new tabs).
    const count = MODEL_PARAMETERS[first.state.settings.model]!;
    const uploaded = await fetch(`${a!.url}/api/rooms/class/checkpoint`, {
      method: 'POST',
      headers: {
        [CHECKPOINT_HEADERS.peer]: first.id,
        [CHECKPOINT_HEADERS.secret]: first.ack.resumeSecret,
        [CHECKPOINT_HEADERS.meta]: JSON.stringify({ runId: first.state.runId, step: 100, dataset: first.state.settings.dataset, model: first.state.settings.model, algorithm: 'rfast', heldOut: { accuracy: 0.9, loss: 0.3, samples: 2000 } }),
      },
      body: new Uint8Array(new Float32Array(count).fill(0.25).buffer),
    });
    expect(uploaded.status).toBe(201);
    const checkpointOn = async (server: SignalingServer) => new Float32Array(await (await fetch(`${server.url}/api/rooms/class/checkpoint.bin`)).arrayBuffer());
    expect((await checkpointOn(b!)).slice(0, 3)).toEqual(Float32Array.of(0.25, 0.25, 0.25));
    const before = (await (await fetch(`${b!.url}/api/rooms/class/metrics.json`)).json()) as { samples: { step: number }[] };
    expect(before.samples.map((s) => s.step)).toEqual([5]);

    await redis.restart();
    const third = await peer(b!, 'class');
    expect(third.topology.epoch).toBe(second.topology.epoch + 1);
    expect(third.topology.size).toBe(3);
    expect(third.topology.root).toBe(first.topology.root);
    const after = (await (await fetch(`${a!.url}/api/rooms/class/metrics.json`)).json()) as { samples: { step: number }[] };
    expect(after.samples.map((s) => s.step)).toEqual([5]);
    const kept = await checkpointOn(b!);
    expect([kept.length, kept[count - 1]]).toEqual([count, 0.25]);
  });
});
