import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backend/backends';
import { makeBatch, splitDataset, type Dataset } from './data/dataset';
import { loadDatasetFromDisk, loadMnistFromDisk } from './data/node-asset';
import { MinibatchSampler } from './data/sampler';
import { shardIndices } from './data/shard';
import { createTrainer } from './trainer';

const dataset = loadMnistFromDisk();

/** One node's whole shard (8,000 samples), plain SGD with η = 0.1: held-out results before and after. */
async function sgdAlone(data: Dataset, steps: number) {
  const trainer = createTrainer({ model: 'mlp', dataset: data, shard: { nodes: 1, node: 0, partition: { kind: 'iid' }, seed: 1 }, batchSize: 32, samplerSeed: 2 });
  expect(trainer.shardSize).toBe(8000);
  const x = trainer.model.initialParameters(3);
  const before = await trainer.evaluate(x);
  for (let step = 0; step < steps; step++) {
    const [gradient] = (await trainer.gradients([x], 'minibatch')).gradients;
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.1 * (gradient![i] as number);
  }
  return { before, after: await trainer.evaluate(x) };
}

beforeAll(async () => {
  expect(await activateBackend('wasm')).toEqual({ ok: true });
});

describe('trainer on Fashion-MNIST (clothes: harder than digits)', () => {
  it('plain SGD on the MLP learns it: ≥ 70% held-out accuracy within 300 steps, from ~10%', async () => {
    const { before, after } = await sgdAlone(loadDatasetFromDisk('fashion-mnist'), 300);
    expect(before.accuracy).toBeLessThan(0.3);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.7);
  });
});

describe('trainer on real MNIST', () => {
  it('plain SGD on the MLP reaches ≥ 85% held-out accuracy within 300 steps', async () => {
    const { before, after } = await sgdAlone(dataset, 300);
    expect(after.samples).toBe(2000);
    expect(before.accuracy).toBeLessThan(0.3);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(after.loss).toBeLessThan(before.loss);
  });

  it('several points share one minibatch; successive calls draw new ones', async () => {
    const trainer = createTrainer({ model: 'mlp', dataset, shard: { nodes: 4, node: 1, partition: { kind: 'iid' }, seed: 1 }, batchSize: 16, samplerSeed: 5 });
    const x = trainer.model.initialParameters(1);
    const shared = await trainer.gradients([x, x], 'minibatch');
    expect(shared.gradients).toHaveLength(2);
    expect(shared.gradients[1]).toEqual(shared.gradients[0]);
    const next = await trainer.gradients([x], 'minibatch');
    expect(next.gradients[0]).not.toEqual(shared.gradients[0]);
  });

  it('reports one loss per point, each the loss at that point on the shared minibatch', async () => {
    const shard = { nodes: 4, node: 2, partition: { kind: 'iid' }, seed: 1 } as const;
    const trainer = createTrainer({ model: 'mlp', dataset, shard, batchSize: 16, samplerSeed: 9 });
    const near = trainer.model.initialParameters(1);
    const far = near.map((v, i) => v + (i % 7 === 0 ? 0.05 : -0.02));
    const result = await trainer.gradients([near, far, near], 'minibatch');
    // The trainer's first minibatch, drawn again by a sampler with the same shard and seed.
    const { train } = splitDataset(dataset);
    const first = new MinibatchSampler(shardIndices(train.labels, { ...shard, minPerNode: 16 }), 16, 9).next();
    const batch = makeBatch(train, first);
    const expected = [(await trainer.model.lossAndGradient(near, batch)).loss, (await trainer.model.lossAndGradient(far, batch)).loss];
    expect(result.losses).toHaveLength(3);
    expect(result.losses[0]).toBeCloseTo(expected[0]!, 6);
    expect(result.losses[1]).toBeCloseTo(expected[1]!, 6);
    expect(result.losses[2]).toBe(result.losses[0]);
    expect(result.losses[1]).not.toBeCloseTo(result.losses[0]!, 3); // distinct points, distinct losses
    expect(result.loss).toBe(result.losses[0]);
  });

  it('the full-batch gradient (chunked) equals the gradient over the whole shard at once', async () => {
    const shard = { nodes: 8, node: 3, partition: { kind: 'dirichlet', alpha: 1 }, seed: 4 } as const;
    const trainer = createTrainer({ model: 'mlp', dataset, shard, batchSize: 32, samplerSeed: 1 });
    expect(trainer.shardSize).toBeGreaterThan(512); // several chunks
    const x = trainer.model.initialParameters(2);
    const y = x.map((v) => 3 * v);
    const full = await trainer.gradients([x, y], 'full');
    const { train } = splitDataset(dataset);
    const wholeShard = makeBatch(train, shardIndices(train.labels, { ...shard, minPerNode: 32 }));
    const reference = await trainer.model.lossAndGradient(x, wholeShard);
    expect(full.loss).toBeCloseTo(reference.loss, 4);
    expect(full.losses[0]).toBe(full.loss);
    expect(full.losses[1]).toBeCloseTo((await trainer.model.lossAndGradient(y, wholeShard)).loss, 4);
    expect(full.losses[1]).not.toBeCloseTo(full.losses[0]!, 2);
    let maxDiff = 0;
    let scale = 0;
    full.gradients[0]!.forEach((g, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(g - (reference.gradient[i] as number)));
      scale = Math.max(scale, Math.abs(reference.gradient[i] as number));
    });
    expect(maxDiff / scale).toBeLessThan(1e-4);
  });

  it('evaluates on a held-out prefix when asked', async () => {
    const trainer = createTrainer({ model: 'mlp', dataset, shard: { nodes: 2, node: 0, partition: { kind: 'iid' }, seed: 1 }, batchSize: 8, samplerSeed: 1, heldOutSamples: 700 });
    const result = await trainer.evaluate(trainer.model.initialParameters(1));
    expect(result.samples).toBe(700);
    expect(Math.round(result.accuracy * 700)).toBeCloseTo(result.accuracy * 700, 6);
  });
});
