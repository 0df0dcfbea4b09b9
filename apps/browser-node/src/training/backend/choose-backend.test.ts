import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cnnArchitecture } from '../model/cnn';
import { mlpArchitecture } from '../model/mlp';
import { createModel } from '../model/model';
import { BackendUnavailableError, chooseBackend } from './choose-backend';

const smallMlp = createModel(mlpArchitecture({ inputs: 16, hidden: 8, classes: 4 }));
const smallCnn = createModel(cnnArchitecture({ side: 8, kernel: 3, channels: [2, 2], classes: 3 }));
const quick = { batchSize: 4, warmupSteps: 1, measureSteps: 3 } as const;

/** A clock whose step cost depends on the active backend: the ranking must follow the measurements. */
function clock(costs: Record<string, number>): () => number {
  let t = 0;
  return () => (t += costs[tf.getBackend()] ?? 100);
}

describe('chooseBackend (Node: wasm and cpu exist, GPU backends do not)', () => {
  it('reports GPU backends as unavailable and picks the fastest measured one', async () => {
    const choice = await chooseBackend({ model: smallMlp, ...quick, now: clock({ wasm: 2, cpu: 7 }) });
    expect(choice.backend).toBe('wasm');
    expect(choice.msPerStep).toBe(2);
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.ranking.map((t) => [t.backend, t.status])).toEqual([
      ['wasm', 'ok'],
      ['cpu', 'ok'],
      ['webgpu', 'unavailable'],
      ['webgl', 'unavailable'],
    ]);
    const webgl = choice.ranking.find((t) => t.backend === 'webgl');
    expect(webgl?.status !== 'ok' && webgl?.reason).toMatch(/webgl/);
  });

  it('follows the measurement, not a fixed preference order', async () => {
    const choice = await chooseBackend({ model: smallMlp, ...quick, now: clock({ wasm: 5, cpu: 3 }) });
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const [cpu, wasm] = choice.ranking;
    expect(cpu?.status === 'ok' && cpu.samplesMs).toEqual([3, 3, 3]);
    expect(wasm?.status === 'ok' && wasm.samplesMs).toEqual([5, 5, 5]);
  });

  it('stops timing a backend that is already far slower than the best one', async () => {
    const choice = await chooseBackend({ model: smallMlp, candidates: ['wasm', 'cpu'], ...quick, now: clock({ wasm: 2, cpu: 50 }) });
    const cpu = choice.ranking.find((t) => t.backend === 'cpu');
    expect(cpu?.status === 'ok' && cpu.samplesMs).toEqual([50]);
    expect(choice.backend).toBe('wasm');
  });

  it('detects that wasm cannot train a CNN by trying a gradient step', async () => {
    const choice = await chooseBackend({ model: smallCnn, candidates: ['wasm', 'cpu'], ...quick });
    expect(choice.backend).toBe('cpu');
    const wasm = choice.ranking.find((t) => t.backend === 'wasm');
    expect(wasm?.status).toBe('cannot-train');
    expect(wasm?.status !== 'ok' && wasm?.reason).toMatch(/Conv2DBackpropFilter/);
  });

  it('a forced backend is the only one tried', async () => {
    const choice = await chooseBackend({ model: smallMlp, forced: 'cpu', ...quick });
    expect(choice.backend).toBe('cpu');
    expect(choice.ranking.map((t) => t.backend)).toEqual(['cpu']);
  });

  it('a forced backend that cannot work is a clear error carrying the ranking', async () => {
    const attempt = chooseBackend({ model: smallCnn, forced: 'wasm', ...quick });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/no backend can train .*wasm: .*Conv2DBackpropFilter/);
    await expect(chooseBackend({ model: smallMlp, forced: 'webgl', ...quick })).rejects.toThrow(/webgl/);
  });
});
