/**
 * Removing hostile peers (issue 16): the admin's kick, and eviction by the quarantine reports of two distinct
 * neighbours. An evicted peer is told why, disconnected, and its id is never handed out again in the room.
 */
import type { MetricsReport, Refusal } from '@canopy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, TestPeer, waitUntil } from './testing/clients';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function room(count: number): Promise<{ server: SignalingServer; peers: TestPeer[] }> {
  const server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
  closers.push(() => server.close());
  const peers: TestPeer[] = [];
  for (let i = 0; i < count; i++) peers.push(await TestPeer.join(server.url, 'class'));
  for (const p of peers) closers.push(() => p.close());
  await waitUntil(() => peers.every((p) => p.topology.epoch === count), 2000, 'every peer at the last epoch');
  return { server, peers };
}

const report = (quarantined: string[]): MetricsReport => ({
  runId: 0, epoch: 1, step: 1, loss: null, trainAccuracy: null, heldOutAccuracy: null, stepMs: null, backend: 'wasm',
  bytesSent: 0, bytesReceived: 0, messagesSent: 0, messagesReceived: 0, injectedDrops: 0, malformedFrames: 0, staleness: null, delayScale: 1, links: [], quarantined,
});

const neighboursOf = (p: TestPeer): string[] => [...p.topology.pull.in.map((e) => e.peer), ...p.topology.pull.out];

describe('evicting hostile peers', () => {
  it('the admin kicks a tab: it is told why and disconnected, the trees are repaired, and its id is never given back', async () => {
    const { server, peers } = await room(3);
    const [, , target] = peers as [TestPeer, TestPeer, TestPeer];
    const admin = await connectClient(server.url);
    closers.push(() => admin.close());
    const told: Refusal[] = [];
    target.socket.on('refused', (r) => told.push(r));
    const answer = await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'kick', peer: target.id } });
    expect(answer.ok).toBe(true);
    await waitUntil(() => !target.socket.connected, 2000, 'the kicked socket to be cut');
    expect(told[0]?.error.code).toBe('evicted');
    expect((await server.store.get('class'))?.member(target.id)).toBeUndefined();
    await waitUntil(() => !JSON.stringify(peers[0]!.topology).includes(target.id), 2000, 'trees without it');
    // Proving the evicted id is that peer coming back: refused, not handed a fresh id.
    await expect(TestPeer.join(server.url, 'class', { peerId: target.id, secret: target.ack.resumeSecret })).rejects.toThrow(/join refused: evicted/);
    // Without its secret it is a stranger: a new id (what the room's lock is for, next test).
    const stranger = await TestPeer.join(server.url, 'class');
    closers.push(() => stranger.close());
    expect(stranger.id).not.toBe(target.id);
    expect(await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'kick', peer: 'p-nobody' } })).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
  });

  it('a locked room takes no new tabs, takes its members back (proven resume), and opens again when unlocked; only the admin locks', async () => {
    const { server, peers } = await room(2);
    const [first] = peers as [TestPeer, TestPeer];
    const admin = await connectClient(server.url);
    closers.push(() => admin.close());
    expect(await admin.emitWithAck('control', { room: 'class', token: 'x'.repeat(32), action: { type: 'lock', locked: true } })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const locked = await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'lock', locked: true } });
    expect(locked).toMatchObject({ ok: true, state: { locked: true } });
    await waitUntil(() => first.state.locked, 2000, 'members told the room is locked');
    await expect(TestPeer.join(server.url, 'class')).rejects.toThrow(/join refused: room-locked/);
    // A member whose connection dropped comes back with its id.
    first.close();
    await waitUntil(async () => (await server.store.get('class'))?.member(first.id) === undefined, 2000, 'the member gone');
    const back = await TestPeer.join(server.url, 'class', { peerId: first.id, secret: first.ack.resumeSecret });
    closers.push(() => back.close());
    expect(back.id).toBe(first.id);
    expect(back.ack.locked).toBe(true);
    expect(await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'lock', locked: false } })).toMatchObject({ ok: true, state: { locked: false } });
    const newcomer = await TestPeer.join(server.url, 'class');
    closers.push(() => newcomer.close());
    expect((await server.store.get('class'))?.size).toBe(3);
  });

  it('the admin steps the root out for a while: told for how long, trees repaired around a new root, not banned: its id comes back', async () => {
    const { server, peers } = await room(3);
    const root = peers.find((p) => p.topology.root === p.id)!;
    const others = peers.filter((p) => p !== root);
    const admin = await connectClient(server.url);
    closers.push(() => admin.close());
    const notices: unknown[] = [];
    root.socket.on('stepped-out', (notice) => notices.push(notice));
    const answer = await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'step-out', peer: root.id, seconds: 5 } });
    expect(answer.ok).toBe(true);
    await waitUntil(() => notices.length === 1, 2000, 'the notice');
    expect(notices[0]).toEqual({ room: 'class', seconds: 5 });
    expect(root.socket.connected).toBe(true); // it stays connected, to rejoin by itself
    expect((await server.store.get('class'))?.member(root.id)).toBeUndefined();
    await waitUntil(() => others.every((p) => p.topology.root !== root.id && !JSON.stringify(p.topology).includes(root.id)), 2000, 'trees around a new root');
    expect(new Set(others.map((p) => p.topology.root)).size).toBe(1);
    const back = await TestPeer.join(server.url, 'class', { peerId: root.id, secret: root.ack.resumeSecret });
    closers.push(() => back.close());
    expect(back.id).toBe(root.id);
    expect(back.topology.root).not.toBe(root.id); // back as an ordinary node
    expect(await admin.emitWithAck('control', { room: 'class', token: server.adminToken, action: { type: 'step-out', peer: 'p-nobody', seconds: 5 } })).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
  });

  it('one neighbour\'s report only flags; a second neighbour\'s evicts; a non-neighbour\'s word does not count', async () => {
    const { server, peers } = await room(4);
    const root = peers.find((p) => p.topology.root === p.id)!;
    const [first, second] = neighboursOf(root).map((id) => peers.find((p) => p.id === id)!);
    const stranger = peers.find((p) => p !== root && !neighboursOf(p).includes(first!.id) && p !== first)!;
    expect(first && second && stranger).toBeTruthy();
    expect(await stranger.socket.emitWithAck('metrics', report([first!.id]))).toEqual({ ok: true });
    expect(await first!.socket.emitWithAck('metrics', report([root.id]))).toEqual({ ok: true });
    expect((await server.store.get('class'))?.member(root.id)).toBeDefined();
    expect((await server.store.get('class'))?.reports()).toEqual({ [root.id]: [first!.id] });
    await new Promise((r) => setTimeout(r, 600)); // the metrics rate limit: 2 per second per peer
    expect(await second!.socket.emitWithAck('metrics', report([root.id]))).toEqual({ ok: true });
    await waitUntil(() => !root.socket.connected, 2000, 'the reported root to be evicted');
    expect((await server.store.get('class'))?.member(root.id)).toBeUndefined();
    expect((await server.store.get('class'))?.member(first!.id)).toBeDefined();
  });
});
