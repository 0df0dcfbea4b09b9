import { createRandom, invariantResidual, runSimulation } from '@canopy/algorithms';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../backend/backends';
import { rangeBatch, splitDataset } from '../data/dataset';
import { loadMnistFromDisk } from '../data/node-asset';
import { createModel } from '../model/model';
import { createModelProblem } from './model-problem';
import { TASK_PROBLEMS } from './task-problems';

beforeAll(async () => {
  expect(await activateBackend('wasm')).toEqual({ ok: true });
});

describe('the real MNIST MLP as a simulator problem', () => {
  const spec = { dataset: 'mnist', model: 'mlp', batchSize: 8, shards: 3, seed: 1, heldOutSamples: 500 } as const;

  it("starts at the room's x⁰ and evaluates like the model itself on the held-out split", () => {
    const problem = createModelProblem(spec);
    const model = createModel('mlp');
    expect(problem.dimension).toBe(model.parameterCount);
    expect(problem.start).toEqual(model.initialParameters(1));
    const heldOut = problem.heldOut!(problem.start);
    const direct = model.evaluateSync(model.initialParameters(1), rangeBatch(splitDataset(loadMnistFromDisk()).heldOut, 0, 500));
    expect(heldOut.accuracy).toBeCloseTo(direct.accuracy, 6);
    expect(heldOut.loss).toBeCloseTo(direct.loss, 4);
    expect(heldOut.accuracy).toBeLessThan(0.3); // untrained
  });

  it('a full gradient does not depend on the random stream; a minibatch one does', () => {
    const problem = createModelProblem(spec);
    const [a, b, c] = [0, 1, 2].map(() => new Float64Array(problem.dimension)) as [Float64Array, Float64Array, Float64Array];
    problem.gradient(0, problem.start, a, 'full', createRandom(1));
    problem.gradient(0, problem.start, b, 'full', createRandom(2));
    expect(b).toEqual(a);
    expect(Math.hypot(...a)).toBeGreaterThan(0);
    problem.gradient(0, problem.start, c, 'minibatch', createRandom(1));
    expect(c).not.toEqual(a);
  });

  it('replays the same minibatch for the same random stream (SYNTHESIS evaluates two points on one batch)', () => {
    const problem = createModelProblem(spec);
    const a = new Float64Array(problem.dimension);
    const b = new Float64Array(problem.dimension);
    problem.gradient(1, problem.start, a, 'minibatch', createRandom(7));
    problem.gradient(1, problem.start, b, 'minibatch', createRandom(7));
    expect(b).toEqual(a);
    problem.gradient(1, problem.start, b, 'minibatch', createRandom(8));
    expect(b).not.toEqual(a);
  });

  it('R-FAST on 3 nodes with paced, delayed links trains it, keeping the mass invariant', () => {
    let worst = 0;
    const result = runSimulation(
      {
        algorithm: 'rfast',
        nodes: 3,
        topology: 'two-trees',
        problem: { kind: 'external', name: 'mnist-mlp-b8' },
        learningRate: 0.1,
        duration: 150,
        delay: { mean: 1, jitter: 0.5 },
        links: { pacing: 2 },
        precision: 'f32',
        sampleEvery: 50,
        seed: 1,
      },
      { afterActivation: (state) => (worst = Math.max(worst, invariantResidual(state.nodes))) },
      { problem: createModelProblem(spec) },
    );
    expect(result.samples[0]!.accuracy).toBeLessThan(0.3);
    expect(result.final.accuracy).toBeGreaterThan(0.75);
    expect(worst).toBeLessThan(1e-9);
    expect(result.timeToAccuracy(0.75)).toBeLessThanOrEqual(150);
  });

  it('every room task is registered for pnpm sim, with the held-out split the room uses', () => {
    expect([...TASK_PROBLEMS.keys()]).toEqual(['mnist-mlp', 'mnist-mlp-b8', 'moby-dick-transformer']);
    expect(TASK_PROBLEMS.get('moby-dick-transformer')?.defaultLearningRate, 'the text task runs at its own step').toBe(0.3);
    const { heldOut } = splitDataset(loadMnistFromDisk());
    expect(heldOut.count).toBe(2000);
  });
});
