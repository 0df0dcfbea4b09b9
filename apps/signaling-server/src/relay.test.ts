import type { SignalData } from '@canopy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, sleep, TestPeer, waitUntil } from './testing/clients';
import { neighbourPairs } from './testing/topology-checks';

let server: SignalingServer;
let roomA: TestPeer[];
let roomB: TestPeer[];

const offer: SignalData = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };
const candidate: SignalData = { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMLineIndex: 0, sdpMid: '0' } };

beforeAll(async () => {
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
  roomA = [];
  for (let i = 0; i < 5; i += 1) roomA.push(await TestPeer.join(server.url, 'relay-a'));
  roomB = [await TestPeer.join(server.url, 'relay-b'), await TestPeer.join(server.url, 'relay-b')];
  await waitUntil(() => roomA.every((p) => p.topology.epoch === 5), 2000, 'room A settled');
});

afterAll(async () => {
  for (const p of [...roomA, ...roomB]) expect(p.violations).toEqual([]);
  for (const p of [...roomA, ...roomB]) p.close();
  await server.close();
});

function pairs(): { neighbours: [TestPeer, TestPeer][]; strangers: [TestPeer, TestPeer][] } {
  const linked = neighbourPairs(roomA.map((p) => p.topology));
  const neighbours: [TestPeer, TestPeer][] = [];
  const strangers: [TestPeer, TestPeer][] = [];
  for (const a of roomA) {
    for (const b of roomA) {
      if (a === b) continue;
      const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
      (linked.has(key) ? neighbours : strangers).push([a, b]);
    }
  }
  return { neighbours, strangers };
}

describe('signal relay', () => {
  it('delivers signals between neighbours in both directions with `from` stamped by the server', async () => {
    const { neighbours } = pairs();
    expect(neighbours.length).toBeGreaterThan(0);
    for (const [from, to] of neighbours) {
      const before = to.signals.length;
      const answer = await from.socket.emitWithAck('signal', { to: to.id, data: candidate });
      expect(answer).toEqual({ ok: true });
      await waitUntil(() => to.signals.length === before + 1, 1000, 'delivery');
      expect(to.signals.at(-1)).toEqual({ from: from.id, data: candidate });
    }
  });

  it('refuses a non-neighbour of the same room with not-neighbour and delivers nothing', async () => {
    const { strangers } = pairs();
    expect(strangers.length).toBeGreaterThan(0);
    const [from, to] = strangers[0] as [TestPeer, TestPeer];
    const before = to.signals.length;
    const answer = await from.socket.emitWithAck('signal', { to: to.id, data: offer });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not-neighbour' } });
    await sleep(50);
    expect(to.signals.length).toBe(before);
  });

  it('cannot reach a peer of another room', async () => {
    const [outsider] = roomA;
    const target = roomB[0] as TestPeer;
    const answer = await (outsider as TestPeer).socket.emitWithAck('signal', { to: target.id, data: offer });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown-peer' } });
    await sleep(50);
    expect(target.signals).toEqual([]);
  });

  it('ignores a spoofed `from`: the message is refused and nothing arrives in anyone’s name', async () => {
    const { neighbours } = pairs();
    const [from, to] = neighbours[0] as [TestPeer, TestPeer];
    const victim = roomA.find((p) => p !== from && p !== to) as TestPeer;
    const before = to.signals.length;
    const spoofed = { to: to.id, from: victim.id, data: offer };
    const answer: unknown = await from.socket.emitWithAck('signal', spoofed as unknown as { to: string; data: SignalData });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    // A genuine message afterwards is the next (and only new) one delivered, stamped with the real sender.
    await from.socket.emitWithAck('signal', { to: to.id, data: offer });
    await waitUntil(() => to.signals.length > before, 1000, 'the genuine delivery');
    expect(to.signals.slice(before)).toEqual([{ from: from.id, data: offer }]);
  });

  it('refuses signals from a socket that has not joined, to itself, and reports refusals without an ack', async () => {
    const lurker = await connectClient(server.url);
    try {
      const target = roomA[0] as TestPeer;
      const answer = await lurker.emitWithAck('signal', { to: target.id, data: offer });
      expect(answer).toMatchObject({ ok: false, error: { code: 'not-joined' } });
    } finally {
      lurker.close();
    }
    const self = roomA[1] as TestPeer;
    expect(await self.socket.emitWithAck('signal', { to: self.id, data: offer })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const { strangers } = pairs();
    const [from, to] = strangers[0] as [TestPeer, TestPeer];
    from.socket.emit('signal', { to: to.id, data: offer });
    await waitUntil(() => from.refusals.length > 0, 1000, 'a refused event');
    expect(from.refusals.at(-1)).toMatchObject({ event: 'signal', error: { code: 'not-neighbour' } });
  });
});
