import { validateTopology } from '@canopy/algorithms';
import { parseAck, parseServerEvent, type RoomTopologyUpdate } from '@canopy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, TestPeer, waitUntil } from './testing/clients';
import { viewProblems } from './testing/topology-checks';

let server: SignalingServer;
const opened: TestPeer[] = [];

beforeAll(async () => {
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
});

afterAll(async () => {
  for (const peer of opened) expect(peer.violations).toEqual([]);
  for (const peer of opened) peer.close();
  await server.close();
});

async function joinMany(room: string, count: number): Promise<TestPeer[]> {
  const peers: TestPeer[] = [];
  for (let i = 0; i < count; i += 1) peers.push(await TestPeer.join(server.url, room, undefined, `tab ${i}`));
  opened.push(...peers);
  return peers;
}

const latestEpoch = (peers: readonly TestPeer[]): number => Math.max(...peers.map((p) => p.topology.epoch));
const allAt = (peers: readonly TestPeer[], epoch: number) => () => peers.every((p) => p.topology.epoch === epoch);

describe('room membership', () => {
  it('gives 16 peers of one room consistent views that satisfy the common-root condition', async () => {
    const peers = await joinMany('sixteen', 16);
    const epoch = latestEpoch(peers);
    await waitUntil(allAt(peers, epoch), 2000, 'every peer at the last epoch');
    expect(epoch).toBe(16); // one epoch per join, starting at 1
    expect(new Set(peers.map((p) => p.id)).size).toBe(16);
    expect(viewProblems(peers.map((p) => p.topology))).toEqual([]);
    expect(peers[0]?.topology.kind).toBe('two-trees');
    // Fan-out 2: nobody has more than two children in the pull tree.
    for (const p of peers) expect(p.topology.pull.out.length).toBeLessThanOrEqual(2);
  });

  it('repairs the topology with a new epoch at every remaining peer after a leave and after a disconnect', async () => {
    const peers = await joinMany('repair', 6);
    await waitUntil(allAt(peers, 6), 2000, 'all at epoch 6');

    const leaver = peers[3] as TestPeer;
    const started = performance.now();
    const answer = await leaver.socket.emitWithAck('leave', {});
    expect(answer.ok).toBe(true);
    const afterLeave = peers.filter((p) => p !== leaver);
    await waitUntil(allAt(afterLeave, 7), 1000, 'epoch 7 after the leave');
    const leaveLatency = Math.max(...afterLeave.map((p) => (p.epochArrivals.get(7) ?? Infinity) - started));
    expect(leaveLatency).toBeLessThan(200);
    expect(viewProblems(afterLeave.map((p) => p.topology))).toEqual([]);
    expect(afterLeave.every((p) => p.topology.size === 5)).toBe(true);

    const vanished = afterLeave[4] as TestPeer;
    const disconnectedAt = performance.now();
    vanished.socket.disconnect();
    const afterDisconnect = afterLeave.filter((p) => p !== vanished);
    await waitUntil(allAt(afterDisconnect, 8), 1000, 'epoch 8 after the disconnect');
    const disconnectLatency = Math.max(...afterDisconnect.map((p) => (p.epochArrivals.get(8) ?? Infinity) - disconnectedAt));
    expect(disconnectLatency).toBeLessThan(200);
    expect(viewProblems(afterDisconnect.map((p) => p.topology))).toEqual([]);
  });

  it('elects a new root when the root leaves', async () => {
    const peers = await joinMany('root-leaves', 5);
    await waitUntil(allAt(peers, 5), 2000, 'all at epoch 5');
    const rootId = peers[0]?.topology.root;
    const root = peers.find((p) => p.id === rootId) as TestPeer;
    expect(root).toBeDefined();
    root.close();
    const rest = peers.filter((p) => p !== root);
    await waitUntil(allAt(rest, 6), 1000, 'epoch 6 after the root left');
    const newRoot = rest[0]?.topology.root;
    expect(newRoot).not.toBe(rootId);
    expect(rest.map((p) => p.id)).toContain(newRoot);
    expect(viewProblems(rest.map((p) => p.topology))).toEqual([]);
  });

  it('gives a peer id back only to the holder of its resume secret; epochs and run ids stay the server\'s', async () => {
    const [first] = await joinMany('resume', 1);
    const previous = first as TestPeer;
    const id = previous.id;
    const secret = previous.ack.resumeSecret;
    const epochBefore = previous.topology.epoch;
    previous.close();
    await waitUntil(async () => ((await server.store.get('resume'))?.size ?? 0) === 0, 1000, 'the old socket to be gone');

    // A forged secret (or another room's) proves nothing: a fresh id, counted.
    const unproven = server.counters.unprovenResumes;
    const forger = await TestPeer.join(server.url, 'resume', { peerId: id, secret: 'A'.repeat(43) });
    opened.push(forger);
    expect(forger.id).not.toBe(id);
    expect(server.counters.unprovenResumes).toBe(unproven + 1);
    forger.close();
    await waitUntil(async () => ((await server.store.get('resume'))?.size ?? 0) === 0, 1000, 'the forger to be gone');

    const resumed = await TestPeer.join(server.url, 'resume', { peerId: id, secret });
    opened.push(resumed);
    expect(resumed.id).toBe(id);
    // The empty room was forgotten and made again: its epochs continue above every one it issued (room-ledger.ts).
    expect(resumed.topology.epoch).toBeGreaterThan(epochBefore);
    expect(resumed.state.runId).toBe(previous.state.runId);

    // An id still in use is not handed over, even with its secret: the newcomer gets a fresh one.
    const twin = await TestPeer.join(server.url, 'resume', { peerId: id, secret });
    opened.push(twin);
    expect(twin.id).not.toBe(id);
  });

  it('shows dashboards the whole topology and the members, live', async () => {
    const watcher = await connectClient(server.url);
    const updates: RoomTopologyUpdate[] = [];
    const invalid: string[] = [];
    watcher.on('room-topology', (update) => {
      const parsed = parseServerEvent('room-topology', update);
      if (!parsed.ok) invalid.push(parsed.error.message);
      updates.push(update);
    });
    const snapshot = parseAck('watch', await watcher.emitWithAck('watch', { room: 'watched' }));
    expect(snapshot).toMatchObject({ ok: true, value: { room: 'watched', topology: null, members: [], metrics: [] } });

    const peers = await joinMany('watched', 3);
    await waitUntil(() => updates.at(-1)?.topology?.epoch === 3, 1000, 'the third update');
    const last = updates.at(-1) as RoomTopologyUpdate;
    expect(last.members.map((m) => m.peerId)).toEqual(peers.map((p) => p.id));
    expect(last.members.map((m) => m.displayName)).toEqual(['tab 0', 'tab 1', 'tab 2']);
    expect(last.topology === null ? 'missing' : (validateTopology(last.topology), 'valid')).toBe('valid');
    expect(invalid).toEqual([]);

    peers[1]?.close();
    await waitUntil(() => updates.at(-1)?.members.length === 2, 1000, 'the departure');
    watcher.close();
  });

  it('refuses a second join on one socket and a join into a full room', async () => {
    const small = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, maxRoomSize: 2 });
    try {
      const a = await TestPeer.join(small.url, 'tiny');
      const b = await TestPeer.join(small.url, 'tiny');
      const again = await a.socket.emitWithAck('join', { room: 'other', displayName: 'x', capabilities: { backend: 'cpu', stepMs: null } });
      expect(again).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      await expect(TestPeer.join(small.url, 'tiny')).rejects.toThrow(/room-full/);
      a.close();
      b.close();
    } finally {
      await small.close();
    }
  });
});
