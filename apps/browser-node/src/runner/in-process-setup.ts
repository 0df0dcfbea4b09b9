/**
 * A TrainingSetup that computes on this thread with the training module's Trainer: for Node (integration
 * tests, benchmarks, headless peers). The page runs its Runner in the runner worker instead (runner-worker.ts).
 */
import { currentBackend } from '../training/backend/backends';
import type { Dataset } from '../training/data/dataset';
import { MODEL_NAMES, type ModelName } from '../training/model/names';
import { createTrainer } from '../training/trainer';
import type { GradientSource, PreparedRun, RunSpec, TrainingSetup } from './gradient-source';

export interface InProcessSetupOptions {
  /** Loads a dataset by its room-settings name (e.g. 'mnist'). */
  readonly loadDataset: (name: string) => Dataset | Promise<Dataset>;
  /** Evaluate on the first N held-out samples only (default: all). */
  readonly heldOutSamples?: number;
}

/**
 * tfjs on the wasm/cpu backends can resolve a step through microtasks alone: a loop awaiting it would then
 * never let timers and I/O (other runners, channels, the test itself) run. One macrotask per call fixes
 * that. (The runner worker passes its own macrotask: nested setTimeout(0) is clamped to 4 ms in browsers.)
 */
export function yieldingSource(source: GradientSource, macrotask: () => Promise<void> = nodeMacrotask): GradientSource {
  return {
    async gradients(points, batch) {
      await macrotask();
      return source.gradients(points, batch);
    },
    async evaluate(params) {
      await macrotask();
      return source.evaluate(params);
    },
    ...(source.sample === undefined
      ? {}
      : {
          sample: async (params: Float32Array) => {
            await macrotask();
            return (source.sample as (p: Float32Array) => Promise<string>)(params);
          },
        }),
  };
}

function nodeMacrotask(): Promise<void> {
  return new Promise((resolve) => (globalThis.setImmediate ?? setTimeout)(resolve));
}

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

export function inProcessSetup(options: InProcessSetupOptions): TrainingSetup {
  return {
    async prepare(spec: RunSpec): Promise<PreparedRun> {
      const { settings } = spec;
      if (!isModelName(settings.model)) throw new Error(`unknown model "${settings.model}" (known: ${MODEL_NAMES.join(', ')})`);
      const trainer = createTrainer({
        model: settings.model,
        dataset: await options.loadDataset(settings.dataset),
        shard: { ...spec.shard, partition: settings.partition, seed: settings.seed },
        batchSize: settings.algorithm.batchSize,
        samplerSeed: spec.samplerSeed,
        ...(options.heldOutSamples === undefined ? {} : { heldOutSamples: options.heldOutSamples }),
      });
      return { x0: trainer.model.initialParameters(settings.seed), source: yieldingSource(trainer), backend: currentBackend() };
    },
  };
}
