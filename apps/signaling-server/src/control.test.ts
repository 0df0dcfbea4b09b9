import type { ControlAction, ControlRequest, RoomState } from '@canopy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, sleep, TestPeer, waitUntil, type ClientSocket } from './testing/clients';
import { viewProblems } from './testing/topology-checks';

let server: SignalingServer;
let room: TestPeer[];
let otherRoom: TestPeer[];
let admin: ClientSocket;
const opened: TestPeer[] = [];

beforeAll(async () => {
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
  room = [];
  for (let i = 0; i < 4; i += 1) room.push(await TestPeer.join(server.url, 'class'));
  otherRoom = [await TestPeer.join(server.url, 'elsewhere'), await TestPeer.join(server.url, 'elsewhere')];
  opened.push(...room, ...otherRoom);
  admin = await connectClient(server.url);
});

afterAll(async () => {
  for (const p of opened) expect(p.violations).toEqual([]);
  for (const p of opened) p.close();
  admin.close();
  await server.close();
});

const control = (action: ControlAction, token = server.adminToken, target = 'class') =>
  admin.emitWithAck('control', { room: target, token, action });

describe('control', () => {
  it('refuses a missing or wrong token with unauthorized, and nothing reaches the peers', async () => {
    const withoutToken = { room: 'class', action: { type: 'pause' } } as unknown as ControlRequest;
    expect(await admin.emitWithAck('control', withoutToken)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await control({ type: 'pause' }, 'not-the-token')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await control({ type: 'pause' }, `${server.adminToken}x`)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await sleep(50);
    expect(room.every((p) => p.states.length === 0 && !p.state.paused)).toBe(true);
  });

  it('applies an authorised action and broadcasts the new state to every peer of that room only', async () => {
    const watcher = await connectClient(server.url);
    const watched: RoomState[] = [];
    watcher.on('control', (state) => watched.push(state));
    expect(await watcher.emitWithAck('watch', { room: 'class' })).toMatchObject({ ok: true });

    const answer = await control({ type: 'loss', p: 0.3, links: [{ from: room[0]?.id ?? '', to: room[1]?.id ?? '', p: 0.9 }] });
    expect(answer).toMatchObject({ ok: true, state: { faults: { loss: { p: 0.3 } } } });
    await waitUntil(() => room.every((p) => p.state.faults.loss.p === 0.3) && watched.length === 1, 1000, 'the broadcast');
    expect(room.every((p) => p.state.faults.loss.links[0]?.p === 0.9)).toBe(true);
    await sleep(50);
    expect(otherRoom.every((p) => p.states.length === 0 && p.state.faults.loss.p === 0)).toBe(true);
    watcher.close();
  });

  it('starts a new run on reset and on an algorithm change, and gives a late joiner the current state', async () => {
    const runBefore = room[0]?.state.runId ?? 0;
    await control({ type: 'delay', meanMs: 40, jitterMs: 5 });
    await control({ type: 'algorithm', name: 'dpsgd', learningRate: 0.2, params: { rounds: 3 } });
    await control({ type: 'straggler', peer: room[2]?.id ?? '', factor: 4 });
    await control({ type: 'pause' });
    await waitUntil(() => room.every((p) => p.state.paused), 1000, 'pause to arrive');
    const current = room[0]?.state;
    expect(current?.runId).toBe(runBefore + 1);
    expect(current?.settings.algorithm).toMatchObject({ name: 'dpsgd', learningRate: 0.2, params: { rounds: 3 } });

    const late = await TestPeer.join(server.url, 'class');
    opened.push(late);
    expect(late.state).toEqual(current);
    expect(late.ack.faults.delay).toEqual({ meanMs: 40, jitterMs: 5 });
    expect(late.ack.faults.stragglers).toEqual([{ peer: room[2]?.id, factor: 4 }]);
    room.push(late);

    await control({ type: 'reset' });
    await waitUntil(() => room.every((p) => p.state.runId === runBefore + 2), 1000, 'the new run');
  });

  it('rebuilds the graphs with a new epoch on a topology change', async () => {
    const epoch = Math.max(...room.map((p) => p.topology.epoch));
    const answer = await control({ type: 'topology', kind: 'ring' });
    expect(answer).toMatchObject({ ok: true, state: { settings: { topology: { kind: 'ring', fanOut: 2 } } } });
    await waitUntil(() => room.every((p) => p.topology.epoch === epoch + 1), 1000, 'the rebuilt topology');
    expect(room.every((p) => p.topology.kind === 'ring')).toBe(true);
    expect(viewProblems(room.map((p) => p.topology))).toEqual([]);
  });

  it('refuses actions naming a peer that is not in the room', async () => {
    const stranger = otherRoom[0]?.id ?? '';
    expect(await control({ type: 'straggler', peer: stranger, factor: 2 })).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    expect(await control({ type: 'loss', p: 0, links: [{ from: stranger, to: room[0]?.id ?? '', p: 1 }] })).toMatchObject({
      ok: false,
      error: { code: 'unknown-peer' },
    });
  });
});
