import { describe, expect, it } from 'vitest';
import { activateBackend, type BackendName } from '../backend/backends';
import type { Batch } from '../data/dataset';
import { seededRandom } from '../random';
import { cnnArchitecture } from './cnn';
import { mlpArchitecture } from './mlp';
import { createModel, type Model } from './model';

function randomBatch(model: Model, size: number, seed: number): Batch {
  const random = seededRandom(seed);
  return {
    size,
    features: Float32Array.from({ length: size * model.inputSize }, () => random()),
    labels: Int32Array.from({ length: size }, () => Math.floor(random() * model.classes)),
  };
}

/** x⁰ plus small random biases, so no unit sits exactly at a ReLU kink. */
function testPoint(model: Model, seed: number): Float32Array {
  const random = seededRandom(seed + 1);
  return model.initialParameters(seed).map((v) => v + (random() - 0.5) * 0.2);
}

/** Largest |analytic − central difference| relative to the gradient's scale, over every coordinate. */
async function finiteDifferenceError(model: Model, backend: BackendName): Promise<number> {
  expect(await activateBackend(backend)).toEqual({ ok: true });
  const x = testPoint(model, 4);
  const batch = randomBatch(model, 5, 9);
  const { gradient } = await model.lossAndGradient(x, batch);
  const h = 3e-3; // balances float32 rounding (∝ 1/h) against truncation (∝ h²)
  let worst = 0;
  let scale = 0;
  for (let k = 0; k < x.length; k++) {
    const original = x[k] as number;
    x[k] = original + h;
    const up = (await model.evaluate(x, batch)).loss;
    x[k] = original - h;
    const down = (await model.evaluate(x, batch)).loss;
    x[k] = original;
    worst = Math.max(worst, Math.abs((up - down) / (2 * h) - (gradient[k] as number)));
    scale = Math.max(scale, Math.abs(gradient[k] as number));
  }
  expect(scale).toBeGreaterThan(1e-2); // a vanishing gradient would make the check vacuous
  return worst / scale;
}

describe('model gradient', () => {
  it('MLP gradient matches central finite differences (wasm)', async () => {
    const model = createModel(mlpArchitecture({ inputs: 6, hidden: 5, classes: 3 }));
    expect(await finiteDifferenceError(model, 'wasm')).toBeLessThan(2e-3);
  });

  it('CNN gradient matches central finite differences (cpu)', async () => {
    const model = createModel(cnnArchitecture({ side: 8, kernel: 3, channels: [2, 3], classes: 3 }));
    expect(await finiteDifferenceError(model, 'cpu')).toBeLessThan(2e-3);
  });

  it('loss and accuracy agree between lossAndGradient and evaluate', async () => {
    await activateBackend('wasm');
    const model = createModel(mlpArchitecture({ inputs: 6, hidden: 5, classes: 3 }));
    const x = testPoint(model, 1);
    const batch = randomBatch(model, 40, 2);
    const step = await model.lossAndGradient(x, batch);
    const evaluation = await model.evaluate(x, batch);
    expect(step.loss).toBeCloseTo(evaluation.loss, 5);
    expect(step.accuracy).toBe(evaluation.accuracy);
    expect(step.accuracy * 40).toBe(Math.round(step.accuracy * 40));
    expect(step.loss).toBeGreaterThan(0.5); // about ln 3 for a near-random model
  });

  it('returns an own, transferable gradient buffer', async () => {
    await activateBackend('wasm');
    const model = createModel(mlpArchitecture({ inputs: 6, hidden: 5, classes: 3 }));
    const { gradient } = await model.lossAndGradient(testPoint(model, 1), randomBatch(model, 4, 2));
    expect(gradient.byteOffset).toBe(0);
    expect(gradient.buffer.byteLength).toBe(gradient.byteLength);
  });

  it('hands out a gradient no later call touches, on the cpu backend too', async () => {
    await activateBackend('cpu');
    const model = createModel(mlpArchitecture({ inputs: 6, hidden: 5, classes: 3 }));
    const first = await model.lossAndGradient(testPoint(model, 1), randomBatch(model, 4, 2));
    const kept = first.gradient.slice();
    const second = await model.lossAndGradient(testPoint(model, 3), randomBatch(model, 4, 5));
    expect(second.gradient.buffer).not.toBe(first.gradient.buffer);
    expect(first.gradient).toEqual(kept);
    expect(second.gradient).not.toEqual(kept);
  });

  it('initial parameters are deterministic per seed, zero biases, He/Glorot scaled', () => {
    const model = createModel('mlp');
    const a = model.initialParameters(7);
    expect(a).toEqual(model.initialParameters(7));
    expect(a).not.toEqual(model.initialParameters(8));
    const [w1, b1] = model.layout.slots;
    const kernel = a.subarray(w1!.offset, w1!.offset + w1!.size);
    const limit = Math.sqrt(6 / 784);
    expect(Math.max(...kernel.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...kernel.map(Math.abs))).toBeGreaterThan(0.95 * limit);
    expect(a.subarray(b1!.offset, b1!.offset + b1!.size).every((v) => v === 0)).toBe(true);
  });

  it('rejects a parameter vector or batch of the wrong size', async () => {
    await activateBackend('wasm');
    const model = createModel(mlpArchitecture({ inputs: 6, hidden: 5, classes: 3 }));
    await expect(model.lossAndGradient(new Float32Array(3), randomBatch(model, 2, 1))).rejects.toThrow(/3 values, the model has 53/);
    const bad: Batch = { size: 2, features: new Float32Array(5), labels: new Int32Array(2) };
    await expect(model.evaluate(model.initialParameters(1), bad)).rejects.toThrow(/needs 12 features/);
  });
});
