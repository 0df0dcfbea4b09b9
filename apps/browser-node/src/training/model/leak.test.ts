import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { seededRandom } from '../random';
import { createModel } from './model';

describe('tensor hygiene', () => {
  it('leaks no tensor over 1,000 gradient steps (MLP 784-128-10, wasm)', async () => {
    await activateBackend('wasm');
    const model = createModel('mlp');
    const x = model.initialParameters(1);
    const random = seededRandom(3);
    const batch = {
      size: 8,
      features: Float32Array.from({ length: 8 * 784 }, () => random()),
      labels: Int32Array.from({ length: 8 }, () => Math.floor(random() * 10)),
    };
    const before = tf.memory().numTensors;
    await model.lossAndGradient(x, batch);
    const afterFirst = tf.memory();
    for (let step = 1; step < 1000; step++) {
      const { gradient } = await model.lossAndGradient(x, batch);
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.01 * (gradient[i] as number);
    }
    expect(afterFirst.numTensors).toBe(before);
    expect(tf.memory().numTensors).toBe(afterFirst.numTensors);
    expect(tf.memory().numBytes).toBe(afterFirst.numBytes);
  });
});
