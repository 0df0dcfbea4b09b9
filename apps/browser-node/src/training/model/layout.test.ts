import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { cnnArchitecture } from './cnn';
import { flatten, unflatten, weightTensors } from './layout';
import { mlpArchitecture } from './mlp';
import { seededRandom } from '../random';

beforeAll(async () => {
  expect(await activateBackend('cpu')).toEqual({ ok: true });
});

describe('flat parameter layout', () => {
  it('the product models have the documented sizes', () => {
    expect(mlpArchitecture().layout.parameterCount).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(cnnArchitecture().layout.parameterCount).toBe(5 * 5 * 8 + 8 + 5 * 5 * 8 * 16 + 16 + 7 * 7 * 16 * 10 + 10);
  });

  it('unflatten then flatten round-trips bit for bit, including NaN payloads and -0', () => {
    const { layout } = cnnArchitecture();
    const random = seededRandom(3);
    const flat = Float32Array.from({ length: layout.parameterCount }, () => (random() - 0.5) * 1e3);
    flat[0] = -0;
    flat[1] = Number.NaN;
    flat[layout.parameterCount - 1] = 1e-40; // subnormal
    const parts = unflatten(layout, flat);
    expect(parts.map((p) => p.length)).toEqual(layout.slots.map((s) => s.size));
    const back = flatten(layout, parts);
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(flat.buffer));
  });

  it('weight tensors carry the right slice in the right shape', () => {
    const { layout } = mlpArchitecture({ inputs: 3, hidden: 2, classes: 2 });
    const flat = Float32Array.from({ length: layout.parameterCount }, (_, i) => i);
    const values = tf.tidy(() => weightTensors(layout, flat).map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) })));
    expect(values.map((v) => v.shape)).toEqual([[3, 2], [2], [2, 2], [2]]);
    expect(values.flatMap((v) => v.data)).toEqual(Array.from(flat));
    // dense1/kernel is row-major [inputs, hidden]: element (1, 0) is the third value
    expect(values[0]!.data[2]).toBe(2);
  });

  it('rejects vectors of the wrong length', () => {
    const { layout } = mlpArchitecture({ inputs: 3, hidden: 2, classes: 2 });
    expect(() => unflatten(layout, new Float32Array(5))).toThrow(/has 5 values, the model has 14/);
  });
});
