import type { MetricsReport, MetricsSample, WatchSnapshot } from '@canopy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { METRICS_CSV_COLUMNS } from './metrics-csv';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, TestPeer, waitUntil, type ClientSocket } from './testing/clients';

let server: SignalingServer;
let peers: TestPeer[];
let watcher: ClientSocket;
const relayed: MetricsSample[] = [];

const report = (step: number, loss: number | null): MetricsReport => ({
  runId: 1,
  epoch: 2,
  step,
  loss,
  trainAccuracy: 0.5,
  heldOutAccuracy: null,
  stepMs: 12.5,
  backend: 'wasm',
  bytesSent: 100 * step,
  bytesReceived: 200 * step,
  messagesSent: step,
  messagesReceived: 2 * step,
  injectedDrops: 3,
  malformedFrames: 0,
  staleness: 0.25,
  delayScale: 0.4,
  links: [{ peer: 'p-x', state: 'open', bytesSent: 1, bytesReceived: 2, messagesSent: 3, messagesReceived: 4, injectedDrops: 5, malformedFrames: 6 }],
});

beforeAll(async () => {
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null });
  peers = [await TestPeer.join(server.url, 'metrics'), await TestPeer.join(server.url, 'metrics')];
  watcher = await connectClient(server.url);
  watcher.on('metrics', (sample) => relayed.push(sample));
  await watcher.emitWithAck('watch', { room: 'metrics' });
});

afterAll(async () => {
  for (const p of peers) p.close();
  watcher.close();
  await server.close();
});

describe('metrics', () => {
  it('relays reports to dashboards stamped with the sender, and exports them as JSON and CSV', async () => {
    const [a, b] = peers as [TestPeer, TestPeer];
    expect(await a.socket.emitWithAck('metrics', report(10, 0.75))).toEqual({ ok: true });
    expect(await b.socket.emitWithAck('metrics', report(20, null))).toEqual({ ok: true });
    expect(await a.socket.emitWithAck('metrics', report(11, 0.5))).toEqual({ ok: true });
    await waitUntil(() => relayed.length === 3, 1000, 'three relayed samples');
    expect(relayed.map((s) => [s.peerId, s.step])).toEqual([[a.id, 10], [b.id, 20], [a.id, 11]]);

    const json = (await (await fetch(`${server.url}/api/rooms/metrics/metrics.json`)).json()) as { samples: MetricsSample[] };
    expect(json.samples).toEqual(relayed);
    expect(json.samples[0]?.links[0]?.malformedFrames).toBe(6);

    const response = await fetch(`${server.url}/api/rooms/metrics/metrics.csv`);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const [header, ...rows] = (await response.text()).trim().split('\n');
    expect(header).toBe(METRICS_CSV_COLUMNS.join(','));
    const records = rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [METRICS_CSV_COLUMNS[i], cell])));
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ peerId: a.id, step: '10', loss: '0.75', bytesSent: '1000', backend: 'wasm', heldOutAccuracy: '', staleness: '0.25', delayScale: '0.4', links: '1' });
    expect(records[1]).toMatchObject({ peerId: b.id, step: '20', loss: '', messagesReceived: '40', room: 'metrics' });
    expect(records[2]).toMatchObject({ peerId: a.id, step: '11', loss: '0.5' });

    const snapshot = (await watcher.emitWithAck('watch', { room: 'metrics' })) as { ok: true } & WatchSnapshot;
    expect(snapshot.metrics.map((s) => s.step)).toEqual([10, 20, 11]);
  });

  it('limits each peer to two reports per second', async () => {
    const [, b] = peers as [TestPeer, TestPeer];
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await b.socket.emitWithAck('metrics', report(30 + i, 0.1)));
    expect(answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.error.code))).toContain('rate-limited');
  });

  it('answers unknown rooms with 404 and bad room names with 400', async () => {
    expect((await fetch(`${server.url}/api/rooms/nobody-here/metrics.csv`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/rooms/${encodeURIComponent('a b')}/metrics.json`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/rooms/metrics/metrics.json?runId=x`)).status).toBe(400);
    const none = (await (await fetch(`${server.url}/api/rooms/metrics/metrics.json?runId=99`)).json()) as { samples: unknown[] };
    expect(none.samples).toEqual([]);
  });

  it('refuses metrics from a socket that has not joined', async () => {
    expect(await watcher.emitWithAck('metrics', report(1, 1))).toMatchObject({ ok: false, error: { code: 'not-joined' } });
  });
});
