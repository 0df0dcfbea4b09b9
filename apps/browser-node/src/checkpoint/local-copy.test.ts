import type { StoredCheckpoint } from '@canopy/protocol';
import { describe, expect, it, vi } from 'vitest';
import { asLocalCopy, findResumePoint, LOCAL_COPY_EVERY_MS, LocalCopySaver, type LocalCopyStore } from './local-copy';
import type { ResumePoint } from './resume-point';

const URL_ = 'http://x/api/rooms/r/checkpoint';
const run = { runId: 1, dataset: 'mnist', model: 'mlp' };
const copy: ResumePoint = { runId: 7, dataset: 'mnist', model: 'mlp', step: 1200, values: Float32Array.of(1, 2, 3) };

function memory(initial?: unknown): LocalCopyStore & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>(initial === undefined ? [] : [[URL_, initial]]);
  return { entries, load: async (key) => entries.get(key), save: async (key, value) => void entries.set(key, value) };
}

/** A server with no checkpoint (404), one with a checkpoint, or none reachable. */
const none = (async () => new Response('{}', { status: 404 })) as typeof fetch;
const unreachable = (async () => Promise.reject(new Error('offline'))) as typeof fetch;
function having(checkpoint: StoredCheckpoint, values: Float32Array): typeof fetch {
  return (async (input: RequestInfo | URL) =>
    String(input).endsWith('.bin') ? new Response(values.slice().buffer) : new Response(JSON.stringify({ checkpoint }))) as typeof fetch;
}
const stored: StoredCheckpoint = {
  room: 'r', peerId: 'p-1', runId: 1, step: 500, dataset: 'mnist', model: 'mlp', algorithm: 'rfast',
  heldOut: { accuracy: 0.9, loss: 0.3, samples: 2000 }, parameterCount: 3, at: 1,
};

describe('findResumePoint', () => {
  it('the room checkpoint when the server has one, whatever this tab kept', async () => {
    const point = await findResumePoint(URL_, run, memory(copy), having(stored, Float32Array.of(9, 9, 9)));
    expect(point?.values).toEqual(Float32Array.of(9, 9, 9));
    expect(point?.step).toBe(500);
  });

  it("this tab's copy, adopted into the current run, only when the server has none at all", async () => {
    expect(await findResumePoint(URL_, run, memory(copy), none)).toEqual({ ...copy, runId: 1, source: 'local' });
    expect(await findResumePoint(URL_, run, memory(), none)).toBeUndefined();
    // Unreachable server, or a checkpoint of another run (an admin's reset): the copy stays unused.
    expect(await findResumePoint(URL_, run, memory(copy), unreachable)).toBeUndefined();
    expect(await findResumePoint(URL_, { ...run, runId: 2 }, memory(copy), having(stored, Float32Array.of(9, 9, 9)))).toEqual(
      expect.objectContaining({ runId: 1 }), // the room's (run 1): the runner then refuses it for run 2
    );
    // Another task's copy is not this run's.
    expect(await findResumePoint(URL_, { ...run, model: 'cnn' }, memory(copy), none)).toBeUndefined();
  });

  it('a damaged or hostile stored entry is no resume point, and a failing store is no crash', async () => {
    for (const bad of [null, 'x', { ...copy, values: [1, 2, 3] }, { ...copy, values: Float32Array.of(1, Number.NaN) }, { ...copy, step: 1.5 }, { ...copy, values: new Float32Array(0) }]) {
      expect(await findResumePoint(URL_, run, memory(bad), none)).toBeUndefined();
    }
    const broken: LocalCopyStore = { load: async () => Promise.reject(new Error('blocked')), save: async () => undefined };
    expect(await findResumePoint(URL_, run, broken, none)).toBeUndefined();
    expect(asLocalCopy(copy)?.values).not.toBe(copy.values); // a copy, not the stored buffer
  });
});

describe('LocalCopySaver', () => {
  it('saves at most once per interval, never a non-finite model, and survives a failing store', async () => {
    let now = 0;
    const store = memory();
    const saver = new LocalCopySaver(store, () => now);
    saver.offer(URL_, copy);
    await vi.waitFor(() => expect(saver.saved).toBe(1));
    saver.offer(URL_, { ...copy, step: 1300 });
    now = LOCAL_COPY_EVERY_MS - 1;
    saver.offer(URL_, { ...copy, step: 1400 });
    expect((store.entries.get(URL_) as ResumePoint).step).toBe(1200);
    now = LOCAL_COPY_EVERY_MS + 1;
    saver.offer(URL_, { ...copy, values: Float32Array.of(Number.NaN) });
    saver.offer(URL_, { ...copy, step: 1500 });
    await vi.waitFor(() => expect(saver.saved).toBe(2));
    expect((store.entries.get(URL_) as ResumePoint).step).toBe(1500);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = new LocalCopySaver({ load: async () => undefined, save: async () => Promise.reject(new Error('quota')) }, () => now);
    failing.offer(URL_, copy);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    warn.mockRestore();
  });
});
