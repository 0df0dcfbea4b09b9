/**
 * Checkpoint uploads over real HTTP against a real server with real members: the root's upload is stored and
 * served back; a forged, misplaced, malformed, stale, oversized, non-finite or too frequent one is refused with
 * its reason, counted, and leaves the stored checkpoint as it was. A restart on the same state directory keeps it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_HEADERS, MODEL_PARAMETERS, type CheckpointMeta, type StoredCheckpoint } from '@canopy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { createSignalingServer, type SignalingServer } from '../server';
import { connectClient, TestPeer, waitUntil } from '../testing/clients';
import { MIN_UPLOAD_INTERVAL_MS } from './checkpoint-upload';

const COUNT = MODEL_PARAMETERS['mlp'] as number;
let server: SignalingServer | undefined;
const peers: TestPeer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) peer.close();
  await server?.close();
  server = undefined;
});

const meta = (peer: TestPeer, extra: Partial<CheckpointMeta> = {}): CheckpointMeta => ({
  runId: peer.state.runId, step: 100, dataset: peer.state.settings.dataset, model: peer.state.settings.model, algorithm: 'rfast',
  heldOut: { accuracy: 0.91, loss: 0.31, samples: 2000 }, ...extra,
});

function upload(base: string, room: string, peer: { id: string; secret: string }, body: Uint8Array, metaValue: unknown): Promise<Response> {
  return fetch(`${base}/api/rooms/${room}/checkpoint`, {
    method: 'POST',
    headers: { [CHECKPOINT_HEADERS.peer]: peer.id, [CHECKPOINT_HEADERS.secret]: peer.secret, [CHECKPOINT_HEADERS.meta]: JSON.stringify(metaValue), 'content-type': 'application/octet-stream' },
    body,
  });
}

const bytesOf = (values: Float32Array): Uint8Array => new Uint8Array(values.buffer);
const filled = (value: number): Float32Array => new Float32Array(COUNT).fill(value);

async function stored(base: string, room: string): Promise<{ meta: StoredCheckpoint; values: Float32Array } | undefined> {
  const description = await fetch(`${base}/api/rooms/${room}/checkpoint`);
  if (description.status === 404) return undefined;
  const { checkpoint } = (await description.json()) as { checkpoint: StoredCheckpoint };
  return { meta: checkpoint, values: new Float32Array(await (await fetch(`${base}/api/rooms/${room}/checkpoint.bin`)).arrayBuffer()) };
}

async function room(stateDir?: string): Promise<{ base: string; root: TestPeer; leaf: TestPeer }> {
  server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, ...(stateDir === undefined ? {} : { stateDir }) });
  const root = await TestPeer.join(server.url, 'ckpt');
  const leaf = await TestPeer.join(server.url, 'ckpt');
  peers.push(root, leaf);
  expect(root.topology.root).toBe(root.id);
  return { base: server.url, root, leaf };
}

const who = (peer: TestPeer) => ({ id: peer.id, secret: peer.ack.resumeSecret });

describe('checkpoint upload', () => {
  it('stores what the root uploads and serves it back, values and description', async () => {
    const { base, root } = await room();
    expect(await stored(base, 'ckpt')).toBeUndefined();
    const response = await upload(base, 'ckpt', who(root), bytesOf(filled(0.5)), meta(root));
    expect(response.status).toBe(201);
    const found = await stored(base, 'ckpt');
    expect(found?.meta).toMatchObject({ room: 'ckpt', peerId: root.id, parameterCount: COUNT, step: 100, heldOut: { accuracy: 0.91 } });
    expect(found?.values).toEqual(filled(0.5));
  });

  it('refuses every hostile or wrong upload with its reason, counts it, and keeps the stored checkpoint', async () => {
    const { base, root, leaf } = await room();
    expect((await upload(base, 'ckpt', who(root), bytesOf(filled(0.5)), meta(root))).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, MIN_UPLOAD_INTERVAL_MS)); // what follows is not "too often"
    const withNaN = filled(0.25);
    withNaN[123] = Number.NaN;
    const cases: [string, Promise<Response>, number][] = [
      ['unauthorized', upload(base, 'ckpt', { id: root.id, secret: leaf.ack.resumeSecret }, bytesOf(filled(9)), meta(root)), 403],
      ['not-root', upload(base, 'ckpt', who(leaf), bytesOf(filled(9)), meta(leaf)), 403],
      ['bad-meta', upload(base, 'ckpt', who(root), bytesOf(filled(9)), { ...meta(root), heldOut: { accuracy: 7, loss: 0, samples: 1 } }), 400],
      ['bad-meta', upload(base, 'ckpt', who(root), bytesOf(filled(9)), { ...meta(root), extra: 'field' }), 400],
      ['stale-run', upload(base, 'ckpt', who(root), bytesOf(filled(9)), meta(root, { runId: root.state.runId + 1 })), 409],
      ['stale-run', upload(base, 'ckpt', who(root), bytesOf(filled(9)), meta(root, { model: 'cnn' })), 409],
      ['bad-size', upload(base, 'ckpt', who(root), bytesOf(filled(9)).subarray(0, 400), meta(root)), 400],
      ['too-large', upload(base, 'ckpt', who(root), new Uint8Array(COUNT * 4 + 4), meta(root)), 413],
      ['not-finite', upload(base, 'ckpt', who(root), bytesOf(withNaN), meta(root)), 400],
      ['unknown-room', upload(base, 'nope', who(root), bytesOf(filled(9)), meta(root)), 404],
    ];
    for (const [reason, pending, status] of cases) {
      const response = await pending;
      expect(response.status, reason).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(reason);
    }
    expect((await stored(base, 'ckpt'))?.values).toEqual(filled(0.5));
    const health = (await (await fetch(`${base}/healthz`)).json()) as { counters: { checkpointsStored: number; checkpointRefusals: Record<string, number> } };
    expect(health.counters.checkpointsStored).toBe(1);
    expect(Object.values(health.counters.checkpointRefusals).reduce((a, b) => a + b, 0)).toBe(cases.length);
  });

  it('one upload per interval: a second one right away is refused', async () => {
    const { base, root } = await room();
    expect((await upload(base, 'ckpt', who(root), bytesOf(filled(1)), meta(root))).status).toBe(201);
    const again = await upload(base, 'ckpt', who(root), bytesOf(filled(2)), meta(root));
    expect(again.status).toBe(429);
    expect((await stored(base, 'ckpt'))?.values).toEqual(filled(1));
  });

  it('rollback: a new run starts from an earlier run\'s checkpoint, which becomes the new run\'s; unknown runs are refused', async () => {
    const { base, root } = await room();
    const admin = await connectClient(base);
    try {
      const control = (action: unknown) => admin.emitWithAck('control', { room: 'ckpt', token: server!.adminToken, action } as never) as Promise<{ ok: boolean; state?: { runId: number; settings: { model: string } }; error?: { code: string } }>;
      const firstRun = root.state.runId;
      expect((await upload(base, 'ckpt', who(root), bytesOf(filled(0.75)), meta(root))).status).toBe(201);
      const reset = await control({ type: 'reset' });
      expect(reset.ok).toBe(true);
      await waitUntil(() => root.state.runId === firstRun + 1, 2000, 'the reset to reach the root');
      const runs = (await (await fetch(`${base}/api/rooms/ckpt/checkpoints`)).json()) as { runs: StoredCheckpoint[] };
      expect(runs.runs.map((r) => r.runId)).toEqual([firstRun]);

      expect(await control({ type: 'rollback', runId: firstRun + 5 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      const rolled = await control({ type: 'rollback', runId: firstRun });
      expect(rolled).toMatchObject({ ok: true, state: { runId: firstRun + 2, settings: { model: 'mlp' } } });
      const newest = await stored(base, 'ckpt');
      expect(newest?.meta).toMatchObject({ runId: firstRun + 2, step: 100 });
      expect(newest?.values).toEqual(filled(0.75));
    } finally {
      admin.close();
    }
  });

  it('is kept across a restart on the same state directory', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'canopy-ckpt-server-'));
    const first = await room(stateDir);
    expect((await upload(first.base, 'ckpt', who(first.root), bytesOf(filled(3)), meta(first.root))).status).toBe(201);
    for (const peer of peers.splice(0)) peer.close();
    await server?.close();
    server = await createSignalingServer({ host: '127.0.0.1', logger: silentLogger, staticDir: null, stateDir });
    expect((await stored(server.url, 'ckpt'))?.values).toEqual(filled(3));
  });
});
