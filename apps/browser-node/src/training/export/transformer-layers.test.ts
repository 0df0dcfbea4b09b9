import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { makeBatch, rangeBatch, splitDataset } from '../data/dataset';
import { loadDatasetFromDisk } from '../data/node-asset';
import { createModel } from '../model/model';
import { seededRandom } from '../random';
import { evaluateTextLayersModel } from './evaluate-layers-model';
import { loadModelFiles, MODEL_FILE, modelFiles, WEIGHTS_FILE } from './model-files';

beforeAll(async () => {
  expect(await activateBackend('wasm')).toEqual({ ok: true });
});

describe('the transformer as a tfjs LayersModel', () => {
  it('reloaded from model.json + weights.bin (custom layers registered), it scores what the trained vector scores', async () => {
    const { train, heldOut } = splitDataset(loadDatasetFromDisk('moby-dick'));
    const model = createModel('transformer');
    const x = model.initialParameters(1);
    const random = seededRandom(2);
    for (let step = 0; step < 15; step++) {
      const { gradient } = model.lossAndGradientSync(x, makeBatch(train, Array.from({ length: 16 }, () => Math.floor(random() * train.count))));
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.3 * (gradient[i] as number);
    }
    const reference = model.evaluateSync(x, rangeBatch(heldOut, 0, 16));
    expect(reference.loss, 'trained past uniform').toBeLessThan(Math.log(80) - 0.5);
    const files = await modelFiles(x, { dataset: 'moby-dick', model: 'transformer', room: 'r', runId: 1, algorithm: 'rfast', steps: 15, heldOut: null, savedAt: '2026-12-07T00:00:00Z', source: 'test' });
    expect(files[MODEL_FILE]).toContain('CanopyCausalSelfAttention');
    const reloaded = await loadModelFiles(files[MODEL_FILE], files[WEIGHTS_FILE]);
    try {
      const scored = await evaluateTextLayersModel(reloaded, heldOut, 16);
      expect(scored.loss).toBeCloseTo(reference.loss, 3);
      expect(Math.abs(scored.accuracy - reference.accuracy)).toBeLessThanOrEqual(2 / (16 * 64));
    } finally {
      reloaded.dispose();
    }
  }, 60_000);
});
