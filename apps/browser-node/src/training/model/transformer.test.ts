import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { drawFrom, generateText } from './generate';
import { createModel } from './model';
import { TEXT_TRANSFORMER, transformerArchitecture } from './transformer';
import { seededRandom } from '../random';

beforeAll(async () => {
  expect(await activateBackend('cpu')).toEqual({ ok: true });
});

const SMALL = { vocabulary: 80, context: 8, width: 16, heads: 2, layers: 2 };
const model = createModel(transformerArchitecture(SMALL));
const windowOf = (ids: readonly number[]): Float32Array => Float32Array.from(ids, (id) => id / 255);

describe('character transformer', () => {
  it('the product\'s text model is in the issue\'s range (a few hundred thousand to ~2M parameters): 3 blocks of width 80', () => {
    const { vocabulary: v, context: t, width: d, layers } = TEXT_TRANSFORMER;
    // Per block: two layer norms, qkv, out, and a 4× ReLU MLP, with biases.
    const perBlock = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d);
    const count = createModel('transformer').parameterCount;
    expect(count).toBe(v * d + t * d + layers * perBlock + 2 * d + d * v + v);
    expect(count).toBe(251_680);
    expect(count).toBeGreaterThanOrEqual(200_000);
    expect(count).toBeLessThanOrEqual(2_000_000);
  });

  it('predicts every position: a window of context + 1 ids gives context targets, the ids shifted by one', () => {
    expect(model.targetsPerSample).toBe(8);
    expect(model.inputSize).toBe(9);
    const features = windowOf([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect([...transformerArchitecture(SMALL).targets!({ size: 1, features, labels: new Int32Array(1) })]).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('starts near the uniform loss ln 80 with finite gradients, and no tensor outlives a step', () => {
    const before = tf.memory().numTensors;
    const batch = { size: 2, features: windowOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1]), labels: new Int32Array(2) };
    const step = model.lossAndGradientSync(model.initialParameters(1), batch);
    expect(step.loss).toBeGreaterThan(Math.log(80) - 0.1);
    expect(step.loss).toBeLessThan(Math.log(80) + 0.1);
    expect(step.gradient.every(Number.isFinite)).toBe(true);
    expect(step.gradient.some((g) => g !== 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is causal: changing a later character leaves the logits of every earlier position unchanged', async () => {
    const params = model.initialParameters(2);
    const a = windowOf([3, 1, 4, 1, 5, 9, 2, 6, 5]);
    const b = windowOf([3, 1, 4, 1, 70, 71, 72, 73, 74]);
    for (const row of [0, 3]) expect(await model.logitsRow(params, b, row)).toEqual(await model.logitsRow(params, a, row));
    expect(await model.logitsRow(params, b, 4)).not.toEqual(await model.logitsRow(params, a, 4));
  });

  it('learns: 200 SGD steps on a repeating phrase bring the loss far below uniform, and it then writes the phrase', async () => {
    const phrase = [...'call me ishmael. '].map((c) => 'abcdefghijklmnopqrstuvwxyz .'.indexOf(c) + 10);
    const ids = Array.from({ length: 200 }, (_, i) => phrase[i % phrase.length] as number);
    const params = model.initialParameters(3);
    const random = seededRandom(4);
    let loss = Infinity;
    for (let s = 0; s < 200; s++) {
      const starts = Array.from({ length: 8 }, () => Math.floor(random() * 150));
      const features = new Float32Array(starts.flatMap((start) => [...windowOf(ids.slice(start, start + 9))]));
      const step = model.lossAndGradientSync(params, { size: 8, features, labels: new Int32Array(8) });
      loss = step.loss;
      for (let i = 0; i < params.length; i++) params[i] = (params[i] as number) - 0.5 * (step.gradient[i] as number);
    }
    expect(loss).toBeLessThan(1);
    // Greedy-ish sampling (low temperature) continues the phrase it learned.
    const decode = (ids: readonly number[]) => ids.map((id) => 'abcdefghijklmnopqrstuvwxyz .'[id - 10] ?? '?').join('');
    const prompt = phrase.slice(0, 8);
    const text: number[] = [...prompt];
    for (let n = 0; n < 9; n++) text.push(drawFrom(await model.logitsRow(params, windowOf([...text.slice(-8), 0]), 7), 0.05, random));
    expect(decode(text.slice(8))).toBe(decode(phrase.slice(8, 17)));
  });

  it('generateText writes the asked number of vocabulary characters after the prompt', async () => {
    const product = createModel('transformer');
    const text = await generateText(product, product.initialParameters(1), { prompt: 'The whale ', length: 20, random: seededRandom(1) });
    expect(text).toHaveLength(20);
    await expect(generateText(createModel('mlp'), new Float32Array(101_770), { prompt: 'x', length: 1, random: Math.random })).rejects.toThrow(/not a language model/);
  });

  it('drawFrom follows softmax(logits / temperature)', () => {
    const random = seededRandom(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[drawFrom(Float32Array.of(0, Math.log(2), -Infinity), 1, random)]! += 1;
    expect(counts[2]).toBe(0);
    expect((counts[1] as number) / 3000).toBeGreaterThan(0.62);
    expect((counts[1] as number) / 3000).toBeLessThan(0.71);
  });
});
