/**
 * The exported LayersModel is the trained network: after a round trip through the files, its held-out accuracy
 * and loss are the functional model's on the same weights (a wrong kernel layout, flatten order or activation
 * would change them).
 */
import { describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { makeBatch, splitDataset } from '../data/dataset';
import { loadMnistFromDisk } from '../data/node-asset';
import { createModel } from '../model/model';
import { MODEL_NAMES, type ModelName } from '../model/names';
import { MODEL_PARAMETERS } from '@canopy/protocol';
import { seededRandom } from '../random';
import { evaluateLayersModel } from './evaluate-layers-model';
import { loadModelFiles, METADATA_FILE, MODEL_FILE, modelFiles, WEIGHTS_FILE, type ModelMetadata } from './model-files';

const { train, heldOut } = splitDataset(loadMnistFromDisk());

async function trained(name: ModelName, steps: number): Promise<Float32Array> {
  const model = createModel(name);
  const x = model.initialParameters(1);
  const random = seededRandom(3);
  for (let step = 0; step < steps; step++) {
    const batch = makeBatch(train, Array.from({ length: 64 }, () => Math.floor(random() * train.count)));
    const { gradient } = await model.lossAndGradient(x, batch);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.1 * (gradient[i] as number);
  }
  return x;
}

const meta = (model: ModelName): Omit<ModelMetadata, 'format' | 'parameterCount'> => ({
  dataset: 'mnist', model, room: 'r', runId: 1, algorithm: 'rfast', steps: 80, heldOut: null, savedAt: '2026-12-06T00:00:00Z', source: 'test',
});

describe('model files', () => {
  it.each([['mlp', 80], ['cnn', 0]] as const)('%s: reloaded from model.json + weights.bin, it scores what the trained vector scores', async (name, steps) => {
    expect(await activateBackend('wasm')).toEqual({ ok: true });
    const params = await trained(name, steps);
    const reference = await createModel(name).evaluate(params, makeBatch(heldOut, Array.from({ length: heldOut.count }, (_, i) => i)));
    const files = await modelFiles(params, meta(name));
    const reloaded = await loadModelFiles(files[MODEL_FILE], files[WEIGHTS_FILE]);
    try {
      const scored = await evaluateLayersModel(reloaded, heldOut);
      if (name === 'mlp') expect(reference.accuracy).toBeGreaterThan(0.7); // really trained
      expect(scored.samples).toBe(heldOut.count);
      expect(Math.abs(scored.accuracy - reference.accuracy)).toBeLessThanOrEqual(1 / heldOut.count);
      expect(scored.loss).toBeCloseTo(reference.loss, 3);
    } finally {
      reloaded.dispose();
    }
    const metadata = JSON.parse(files[METADATA_FILE]) as ModelMetadata;
    expect(metadata).toMatchObject({ format: 'canopy-model/1', model: name, parameterCount: params.length, dataset: 'mnist' });
    expect(files[WEIGHTS_FILE].byteLength).toBe(params.length * 4);
  }, 60_000);

  it('the protocol\'s parameter counts (what the server accepts in a checkpoint) are the models\' own', () => {
    for (const name of MODEL_NAMES) expect(MODEL_PARAMETERS[name], name).toBe(createModel(name).parameterCount);
  });

  it('refuses to export a model with a non-finite value', async () => {
    const params = createModel('mlp').initialParameters(1);
    params[17] = Number.NaN;
    await expect(modelFiles(params, meta('mlp'))).rejects.toThrow(/non-finite value at 17/);
  });
});
