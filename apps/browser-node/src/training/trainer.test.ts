import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backend/backends';
import { makeBatch, splitDataset } from './data/dataset';
import { loadMnistFromDisk } from './data/node-asset';
import { shardIndices } from './data/shard';
import { createTrainer } from './trainer';

const dataset = loadMnistFromDisk();

beforeAll(async () => {
  expect(await activateBackend('wasm')).toEqual({ ok: true });
});

describe('trainer on real MNIST', () => {
  it('plain SGD on the MLP reaches ≥ 85% held-out accuracy within 300 steps', async () => {
    const trainer = createTrainer({ model: 'mlp', dataset, shard: { nodes: 1, node: 0, partition: { kind: 'iid' }, seed: 1 }, batchSize: 32, samplerSeed: 2 });
    expect(trainer.shardSize).toBe(8000);
    const x = trainer.model.initialParameters(3);
    const before = await trainer.evaluate(x);
    for (let step = 0; step < 300; step++) {
      const [gradient] = (await trainer.gradients([x], 'minibatch')).gradients;
      for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.1 * (gradient![i] as number);
    }
    const after = await trainer.evaluate(x);
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

  it('the full-batch gradient (chunked) equals the gradient over the whole shard at once', async () => {
    const shard = { nodes: 8, node: 3, partition: { kind: 'dirichlet', alpha: 1 }, seed: 4 } as const;
    const trainer = createTrainer({ model: 'mlp', dataset, shard, batchSize: 32, samplerSeed: 1 });
    expect(trainer.shardSize).toBeGreaterThan(512); // several chunks
    const x = trainer.model.initialParameters(2);
    const full = await trainer.gradients([x], 'full');
    const { train } = splitDataset(dataset);
    const reference = await trainer.model.lossAndGradient(x, makeBatch(train, shardIndices(train.labels, { ...shard, minPerNode: 32 })));
    expect(full.loss).toBeCloseTo(reference.loss, 4);
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
