import type { StoredCheckpoint } from '@canopy/protocol';
import { describe, expect, it } from 'vitest';
import { fetchResumePoint, resumes, type ResumePoint } from './resume-point';

const description: StoredCheckpoint = {
  room: 'r', peerId: 'p-1', runId: 4, step: 900, dataset: 'mnist', model: 'cnn', algorithm: 'rfast',
  heldOut: { accuracy: 0.9, loss: 0.3, samples: 2000 }, parameterCount: 3, at: 1,
};

/** A server answering the description and the values (each replaceable to play a hostile or torn one). */
function server(body: unknown, values: ArrayBuffer): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url.endsWith('.bin')) return new Response(values);
    return new Response(JSON.stringify(body), { status: body === null ? 404 : 200 });
  }) as typeof fetch;
}

describe('fetchResumePoint', () => {
  it('returns the checkpoint\'s run and values', async () => {
    const point = await fetchResumePoint('http://x/api/rooms/r/checkpoint', server({ checkpoint: description }, Float32Array.of(1, 2, 3).buffer));
    expect(point).toEqual({ runId: 4, dataset: 'mnist', model: 'cnn', step: 900, values: Float32Array.of(1, 2, 3) });
  });

  it('no resume point from a missing, malformed, torn or non-finite checkpoint', async () => {
    const url = 'http://x/api/rooms/r/checkpoint';
    expect(await fetchResumePoint(url, server(null, new ArrayBuffer(0)))).toBeUndefined();
    expect(await fetchResumePoint(url, server({ checkpoint: { ...description, runId: -1 } }, Float32Array.of(1, 2, 3).buffer))).toBeUndefined();
    expect(await fetchResumePoint(url, server({ checkpoint: description }, Float32Array.of(1, 2).buffer))).toBeUndefined();
    expect(await fetchResumePoint(url, server({ checkpoint: description }, Float32Array.of(1, Number.NaN, 3).buffer))).toBeUndefined();
    expect(await fetchResumePoint(url, (async () => Promise.reject(new Error('offline'))) as typeof fetch)).toBeUndefined();
  });
});

describe('resumes', () => {
  const point: ResumePoint = { runId: 4, dataset: 'mnist', model: 'cnn', step: 900, values: new Float32Array(3) };
  it('only the same run, dataset, model and dimension', () => {
    expect(resumes(point, { runId: 4, dataset: 'mnist', model: 'cnn' }, 3)).toBe(true);
    expect(resumes(point, { runId: 5, dataset: 'mnist', model: 'cnn' }, 3)).toBe(false);
    expect(resumes(point, { runId: 4, dataset: 'fashion-mnist', model: 'cnn' }, 3)).toBe(false);
    expect(resumes(point, { runId: 4, dataset: 'mnist', model: 'mlp' }, 3)).toBe(false);
    expect(resumes(point, { runId: 4, dataset: 'mnist', model: 'cnn' }, 4)).toBe(false);
    expect(resumes(undefined, { runId: 4, dataset: 'mnist', model: 'cnn' }, 3)).toBe(false);
  });
});
