/**
 * The server is authoritative (issue 16): epochs and run ids are its own and outlive a restart, a peer id is
 * bound to a secret, only joins create rooms (and one address only so many), evicted rooms' metrics stay
 * exportable, and thousands of hostile join/resume/watch payloads change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { MetricsSample, Resume, RoomTopologyUpdate } from '@canopy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import type { SignalingServerOptions } from './options';
import { connectClient, metricsReport, TestPeer, waitUntil, type ClientSocket } from './testing/clients';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, ...options });
  cleanups.push(() => server.close());
  return server;
}

async function peer(server: SignalingServer, room: string, resume?: Resume): Promise<TestPeer> {
  const p = await TestPeer.join(server.url, room, resume);
  cleanups.push(() => p.close());
  return p;
}

async function client(server: SignalingServer): Promise<ClientSocket> {
  const socket = await connectClient(server.url);
  cleanups.push(() => {
    socket.close();
  });
  return socket;
}

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-authority-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const report = metricsReport;

describe('server authority', () => {
  it('a restarted server on the same state directory gives tabs their ids back, continues epochs above every one issued, keeps the run id', async () => {
    const dir = stateDir();
    const first = await serve({ stateDir: dir });
    const a = await peer(first, 'class');
    const b = await peer(first, 'class');
    const admin = await client(first);
    const reset = await admin.emitWithAck('control', { room: 'class', token: first.adminToken, action: { type: 'reset' } });
    if (!reset.ok) throw new Error(reset.error.message);
    const runId = reset.state.runId;
    expect(runId).toBeGreaterThan(a.ack.runId);
    await waitUntil(() => b.state.runId === runId, 2000, 'the reset to reach the tabs');
    const highest = Math.max(a.topology.epoch, b.topology.epoch);
    await first.close();

    const second = await serve({ stateDir: dir });
    const back = await peer(second, 'class', { peerId: a.id, secret: a.ack.resumeSecret });
    expect(back.id).toBe(a.id);
    expect(back.topology.epoch).toBeGreaterThan(highest);
    expect(back.state.runId).toBe(runId);
    // Without the directory's key the same secret proves nothing.
    const elsewhere = await serve({ stateDir: stateDir() });
    const stranger = await peer(elsewhere, 'class', { peerId: b.id, secret: b.ack.resumeSecret });
    expect(stranger.id).not.toBe(b.id);
    expect(elsewhere.counters.unprovenResumes).toBe(1);
  });

  it('watching creates no room; the join that creates it reaches the dashboard that was waiting', async () => {
    const server = await serve();
    const watcher = await client(server);
    const updates: RoomTopologyUpdate[] = [];
    watcher.on('room-topology', (u) => updates.push(u));
    const snapshot = await watcher.emitWithAck('watch', { room: 'later' });
    expect(snapshot).toMatchObject({ ok: true, room: 'later', topology: null, members: [] });
    expect(await server.store.get('later')).toBeUndefined();
    expect(await server.store.list()).toHaveLength(0);

    const tab = await peer(server, 'later');
    await waitUntil(() => updates.some((u) => u.members.some((m) => m.peerId === tab.id)), 2000, 'the waiting dashboard to see the tab');
    expect((await server.store.get('later'))?.watchers.size).toBe(1);
  });

  it('squatters cannot deny a real join: watches create nothing, and one address creates only so many rooms', async () => {
    const server = await serve({ maxRooms: 12, maxRoomsPerAddress: 4 });
    const teacher = await peer(server, 'class');
    const squatters = await Promise.all(Array.from({ length: 40 }, () => client(server)));
    const watched = await Promise.all(squatters.map((s, i) => s.emitWithAck('watch', { room: `squat-${i}` })));
    expect(watched.every((w) => w.ok)).toBe(true);
    expect(await server.store.list()).toHaveLength(1);
    const joins = await Promise.all(squatters.map((s, i) => s.emitWithAck('join', { room: `squat-${i}`, displayName: 'x', capabilities: { backend: 'wasm', stepMs: null } })));
    expect(joins.filter((j) => j.ok)).toHaveLength(3); // with 'class', this address's four
    expect(joins.find((j) => !j.ok)).toMatchObject({ ok: false, error: { code: 'room-full', message: expect.stringMatching(/already created 4 rooms/) } });
    expect(await server.store.list()).toHaveLength(4);
    const student = await peer(server, 'class');
    expect(student.topology.epoch).toBeGreaterThan(teacher.topology.epoch);
  });

  it('keeps an evicted room\'s metrics exportable, across a restart too', async () => {
    const dir = stateDir();
    const server = await serve({ stateDir: dir, maxRooms: 2, maxRoomsPerAddress: 8 });
    const tab = await peer(server, 'finished');
    expect(await tab.socket.emitWithAck('metrics', report(7))).toEqual({ ok: true });
    tab.close();
    await waitUntil(async () => (await server.store.get('finished'))?.size === 0, 2000, 'the tab to leave');
    await peer(server, 'next-1');
    await peer(server, 'next-2'); // the store is full: the idle 'finished' room is evicted
    expect(await server.store.get('finished')).toBeUndefined();
    const exported = async (s: SignalingServer) => (await (await fetch(`${s.url}/api/rooms/finished/metrics.json`)).json()) as { samples: MetricsSample[] };
    expect((await exported(server)).samples.map((s) => s.step)).toEqual([7]);
    await server.close();
    expect((await exported(await serve({ stateDir: dir }))).samples.map((s) => s.step)).toEqual([7]);
  });

  it('10,000 hostile join, resume and watch payloads change no room, run id or epoch, and leave no rooms behind', async () => {
    const server = await serve({ eventRate: { capacity: 1e6, perSecond: 1e6 }, maxRoomsPerAddress: 1 });
    const members = [await peer(server, 'class'), await peer(server, 'class'), await peer(server, 'class')];
    const before0 = (await server.store.get('class'))!;
    const before = { state: JSON.stringify(before0.state), epoch: before0.topology?.epoch, members: before0.memberList().map((m) => m.peerId) };
    const ids = members.map((m) => m.id);
    const join = (resume: unknown, name = 'class') => ({ room: name, displayName: 'mallory', capabilities: { backend: 'wasm', stepMs: null }, resume });
    const hostile = fc.oneof(
      // Resumes that try to set the numbers, or take a member's id with a forged secret (into rooms it cannot create).
      fc.record({ peerId: fc.constantFrom(...ids), secret: fc.string({ minLength: 16, maxLength: 64 }), epoch: fc.constantFrom(2 ** 32 + 5, 2 ** 53 - 1), runId: fc.integer() }).map((r) => ['join', join(r)] as const),
      fc.record({ peerId: fc.constantFrom(...ids), secret: fc.base64String({ minLength: 16, maxLength: 64 }).map((s) => s.replace(/[+/=]/g, 'A')) }).map((r) => ['join', join(r, `other-${r.secret.length}`)] as const),
      fc.string({ maxLength: 64 }).map((name) => ['watch', { room: name }] as const),
      fc.anything().map((x) => ['join', x] as const),
      fc.anything().map((x) => ['watch', x] as const),
    );
    const payloads = fc.sample(hostile, { numRuns: 10_000, seed: 16 });
    const sockets = await Promise.all(Array.from({ length: 8 }, () => client(server)));
    const heapBefore = process.memoryUsage().heapUsed;
    await Promise.all(
      sockets.map(async (socket, s) => {
        for (let i = s; i < payloads.length; i += sockets.length) {
          const [event, payload] = payloads[i]!;
          await socket.timeout(5000).emitWithAck(event as 'watch', payload as { room: string });
          // A join that was accepted makes a member: leave at once (the payload was valid, not hostile).
          if (socket.connected) socket.emit('leave', {});
        }
      }),
    );
    await waitUntil(async () => (await server.store.get('class'))?.size === 3, 2000, 'accepted joins to have left');
    const room = (await server.store.get('class'))!;
    expect(JSON.stringify(room.state)).toBe(before.state);
    expect(room.memberList().map((m) => m.peerId)).toEqual(before.members);
    // The room is where it was: every member still holds its id; only the (harmless) join/leave churn of
    // resumes with forged secrets into other rooms was refused or sent elsewhere.
    expect(room.topology?.epoch).toBe(before.epoch);
    const rooms = await server.store.list();
    for (const r of rooms) expect(r.name === 'class' || (r.members === 0 && r.watchers === 0)).toBe(true);
    expect(rooms.length).toBeLessThanOrEqual(2); // 'class', and at most the one room this address may create
    expect(server.counters.handlerErrors).toBe(0);
    // Memory: the sockets' 10,000 events leave no lasting growth (generous: the heap is not collected on demand).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
