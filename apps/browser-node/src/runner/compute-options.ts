/** A run's trainer settings from the room's settings and this node's shard (for the trainer in the runner worker). */
import type { BackendName } from '../training/backend/names';
import type { BackendTrial } from '../training/backend/choose-backend';
import { DATASETS, datasetAsset } from '../training/data/datasets';
import { MODEL_NAMES } from '../training/model/names';
import type { TrainerInit } from '../training/tf-trainer';
import type { RunSpec } from './gradient-source';


export interface ComputeLocation {
  /** Force one backend (?backend=); otherwise the worker measures and picks the fastest. */
  readonly backend?: BackendName;
  /** The page's URL, against which assets are resolved (a worker cannot resolve relative URLs itself). */
  readonly baseUrl: string;
}

/** The trainer of a run: model, data asset (resolved against the page), shard, batch and seeds. */
export function trainerInit(spec: RunSpec, location: ComputeLocation): TrainerInit {
  const { settings } = spec;
  const model = MODEL_NAMES.find((name) => name === settings.model);
  if (model === undefined) throw new Error(`unknown model "${settings.model}" (known: ${MODEL_NAMES.join(', ')})`);
  const asset = datasetAsset(settings.dataset);
  if (asset === undefined) throw new Error(`dataset "${settings.dataset}" is not available in this build (known: ${DATASETS.map((d) => d.name).join(', ')})`);
  return {
    model,
    backend: location.backend === undefined ? {} : { forced: location.backend },
    datasetUrl: new URL(asset, location.baseUrl).href,
    shard: { ...spec.shard, partition: settings.partition, seed: settings.seed },
    batchSize: settings.algorithm.batchSize,
    initSeed: settings.seed,
    samplerSeed: spec.samplerSeed,
  };
}

/** One line per backend tried, fastest first, for the page ("wasm: 9.1 ms/step", "webgl: unavailable (...)"). */
export function rankingLines(trials: readonly BackendTrial[]): string[] {
  return trials.map((trial) => (trial.status === 'ok' ? `${trial.backend}: ${trial.msPerStep.toFixed(1)} ms/step` : `${trial.backend}: ${trial.status} (${trial.reason})`));
}
