import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from './logger';
import { createSignalingServer, type SignalingServer } from './server';
import { connectClient, sleep, TestPeer, waitUntil } from './testing/clients';
import { malformedPayloads } from './testing/malformed';

const processFailures: unknown[] = [];
const onFailure = (error: unknown): void => {
  processFailures.push(error);
};

let server: SignalingServer;

beforeAll(async () => {
  process.on('uncaughtException', onFailure);
  process.on('unhandledRejection', onFailure);
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, eventRate: { capacity: 5000, perSecond: 5000 } });
});

afterAll(async () => {
  process.off('uncaughtException', onFailure);
  process.off('unhandledRejection', onFailure);
  await server.close();
});

/** The same socket without the event map, to send what a typed client could not. */
const untyped = (socket: unknown): Socket => socket as Socket;

async function health(url: string): Promise<{ status: number; body: { ok: boolean; counters: Record<string, number> } }> {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; counters: Record<string, number> } };
}

describe('hardening', () => {
  it('refuses 1,000 malformed payloads across all events and stays healthy', async () => {
    const cases = malformedPayloads(1000);
    expect(cases).toHaveLength(1000);
    const bystander = await TestPeer.join(server.url, 'fuzz');
    const joined = await TestPeer.join(server.url, 'fuzz');
    const fresh = await connectClient(server.url);
    const sockets = [untyped(joined.socket), untyped(fresh)];
    const refusedBefore = (await health(server.url)).body.counters['totalRefusals'] ?? 0;

    const answers: unknown[] = [];
    for (let i = 0; i < cases.length; i += 50) {
      const batch = cases.slice(i, i + 50).map(({ event, payload }, j) =>
        (sockets[j % 2] as Socket).timeout(5000).emitWithAck(event, payload).then(
          (answer: unknown) => answer,
          (error: unknown) => ({ transportError: String(error) }),
        ),
      );
      answers.push(...(await Promise.all(batch)));
    }
    const accepted = answers.filter((a) => (a as { ok?: unknown }).ok !== false);
    expect(accepted).toEqual([]);
    const codes = new Set(answers.map((a) => (a as { error: { code: string } }).error.code));
    expect([...codes].every((code) => ['bad-request', 'unauthorized', 'not-joined'].includes(code))).toBe(true);

    const after = await health(server.url);
    expect(after.status).toBe(200);
    expect(after.body.ok).toBe(true);
    expect((after.body.counters['totalRefusals'] ?? 0) - refusedBefore).toBe(1000);
    expect(after.body.counters['handlerErrors']).toBe(0);
    expect(processFailures).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();

    // The room still works: the peers are still connected and a newcomer is announced to them.
    expect(joined.socket.connected && bystander.socket.connected).toBe(true);
    const epoch = bystander.topology.epoch;
    const newcomer = await TestPeer.join(server.url, 'fuzz');
    await waitUntil(() => bystander.topology.epoch === epoch + 1, 1000, 'the newcomer announced');
    for (const s of [bystander, joined, newcomer]) s.close();
    fresh.close();
  });

  it('drops a socket whose message exceeds the buffer limit, and keeps serving', async () => {
    const socket = await connectClient(server.url);
    const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    untyped(socket).emit('join', { room: 'x'.repeat(300 * 1024) });
    await closed;
    expect((await health(server.url)).status).toBe(200);
    expect(processFailures).toEqual([]);
  });

  it('ignores and counts unknown events, answering an ack with bad-request', async () => {
    const socket = await connectClient(server.url);
    const before = (await health(server.url)).body.counters['unknownEvents'] ?? 0;
    expect(await untyped(socket).emitWithAck('hack-the-planet', { a: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    untyped(socket).emit('constructor', {});
    untyped(socket).emit('__proto__', {});
    await waitUntil(() => socket.connected, 100, 'still connected');
    await sleep(30);
    expect(((await health(server.url)).body.counters['unknownEvents'] ?? 0) - before).toBe(3);
    socket.close();
  });

  it('rate-limits a socket that sends too many events', async () => {
    const strict = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, eventRate: { capacity: 5, perSecond: 0.001 } });
    try {
      const socket = await connectClient(strict.url);
      const codes: string[] = [];
      for (let i = 0; i < 8; i += 1) {
        const answer = await socket.emitWithAck('watch', { room: 'busy' });
        codes.push(answer.ok ? 'ok' : answer.error.code);
      }
      expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate-limited', 'rate-limited', 'rate-limited']);
      socket.close();
    } finally {
      await strict.close();
    }
  });

  it('answers a throwing handler with internal, logs it, and keeps running', async () => {
    const logged: string[] = [];
    const logger: Logger = { ...silentLogger, error: (message) => logged.push(message) };
    const broken = await createSignalingServer({
      host: '127.0.0.1',
      logger,
      staticDir: null,
      createRoomStore: () => ({
        get: () => Promise.resolve(undefined),
        update: () => Promise.reject(new Error('store unavailable')),
        release: () => Promise.resolve(),
        list: () => Promise.resolve([]),
        createdBy: () => Promise.resolve(0),
        pushMetrics: () => Promise.resolve(),
        metrics: () => Promise.resolve(undefined),
        close: () => Promise.resolve(),
      }),
    });
    try {
      const socket = await connectClient(broken.url);
      const answer = await socket.emitWithAck('join', { room: 'r', displayName: 'x', capabilities: { backend: 'cpu', stepMs: null } });
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(logged.some((line) => line.includes('join'))).toBe(true);
      const h = await health(broken.url);
      expect(h.status).toBe(200);
      expect(h.body.counters['handlerErrors']).toBe(1);
      socket.close();
    } finally {
      await broken.close();
    }
    expect(processFailures).toEqual([]);
  });
});

describe('static files', () => {
  let app: SignalingServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-static-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>canopy</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);');
    app = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: dir });
  });
  afterAll(async () => {
    await app.close();
  });

  const rawGet = (path: string): Promise<{ status: number; body: string; type: string }> =>
    new Promise((resolve, reject) => {
      const req = request(`${app.url}${path}`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('serves the app, falls back to index.html for /dashboard, and never leaves the folder', async () => {
    expect(await rawGet('/')).toMatchObject({ status: 200, body: '<!doctype html><title>canopy</title>' });
    expect(await rawGet('/dashboard?room=demo&token=t')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await rawGet('/app.js')).toMatchObject({ status: 200, body: 'console.log(1);', type: 'text/javascript; charset=utf-8' });
    expect((await rawGet('/missing.js')).status).toBe(404);
    // Climbing out is clamped to the folder: this resolves to <dir>/etc/hostname, absent, so the SPA index answers.
    expect(await rawGet('/..%2F..%2F..%2F..%2Fetc%2Fhostname')).toMatchObject({ status: 200, body: '<!doctype html><title>canopy</title>' });
    expect((await rawGet('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
  });
});
