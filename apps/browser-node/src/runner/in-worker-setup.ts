/**
 * The runner worker's TrainingSetup: the trainer runs on the worker's own thread, next to the loop, so a step
 * never waits for another thread. Inits are serialised (a reset during an init waits for it); the dataset
 * download and a model's backend calibration are reused across runs (training/tf-trainer.ts).
 */
import { createTfTrainer } from '../training/tf-trainer';
import type { PreparedRun, RunSpec } from './gradient-source';
import { yieldingSource } from './in-process-setup';
import type { ComputeConfig } from './remote-protocol';
import type { HostSetup } from './runner-host';
import { rankingLines, trainerInit } from './compute-options';

export function inWorkerSetup(config: ComputeConfig, macrotask: () => Promise<void>): HostSetup {
  let ranking: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  async function prepareNow(spec: RunSpec): Promise<PreparedRun> {
    const init = trainerInit(spec, config);
    const { trainer, backend } = await createTfTrainer(init);
    ranking = rankingLines(backend.ranking);
    return { x0: trainer.model.initialParameters(init.initSeed), source: yieldingSource(trainer, macrotask), backend: backend.backend };
  }

  return {
    get ranking() {
      return ranking;
    },
    prepare(spec) {
      const run = queue.then(() => prepareNow(spec));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
