/**
 * Builds a tfjs trainer in a worker (the runner worker): choose the backend on the actual model, load the
 * dataset, build the trainer.
 * A re-init for a new run reuses the fetched dataset and the backend measured for the same model, so
 * starting another run costs no download and no calibration.
 */
import { activateBackend } from './backend/backends';
import { chooseBackend, type BackendChoice } from './backend/choose-backend';
import type { BackendName } from './backend/names';
import type { Dataset } from './data/dataset';
import { fetchDataset } from './data/load';
import { createModel } from './model/model';
import type { ModelName } from './model/names';
import { createTrainer, type ShardSpec, type Trainer } from './trainer';

/** Everything that fixes a worker's trainer for one run. */
export interface TrainerInit {
  readonly model: ModelName;
  /** `forced` (e.g. from `?backend=`), else the fastest of `candidates` (default: all) is measured and chosen. */
  readonly backend: { readonly forced?: BackendName; readonly candidates?: readonly BackendName[] };
  /** An absolute URL: a worker resolves relative URLs against its own script, not the page. */
  readonly datasetUrl: string;
  readonly shard: ShardSpec;
  readonly batchSize: number;
  /** Seed of the common x⁰ (same for every node). */
  readonly initSeed: number;
  /** Minibatch order (different per node). */
  readonly samplerSeed: number;
  readonly heldOutSamples?: number;
}

const datasets = new Map<string, Promise<Dataset>>();
const backends = new Map<string, BackendChoice>();

export async function createTfTrainer(init: TrainerInit): Promise<{ readonly trainer: Trainer; readonly backend: BackendChoice }> {
  const dataset = await loadDataset(init.datasetUrl);
  const backend = await backendFor(init);
  const trainer = createTrainer({
    model: init.model,
    dataset,
    shard: init.shard,
    batchSize: init.batchSize,
    samplerSeed: init.samplerSeed,
    ...(init.heldOutSamples === undefined ? {} : { heldOutSamples: init.heldOutSamples }),
  });
  return { trainer, backend };
}

async function backendFor(init: TrainerInit): Promise<BackendChoice> {
  const key = JSON.stringify([init.model, init.batchSize, init.backend.forced ?? null, init.backend.candidates ?? null]);
  const cached = backends.get(key);
  if (cached && (await activateBackend(cached.backend)).ok) return cached;
  const choice = await chooseBackend({
    model: createModel(init.model),
    forced: init.backend.forced,
    candidates: init.backend.candidates,
    batchSize: init.batchSize,
  });
  backends.set(key, choice);
  return choice;
}

function loadDataset(url: string): Promise<Dataset> {
  let loading = datasets.get(url);
  if (!loading) {
    loading = fetchDataset(url);
    datasets.set(url, loading);
    loading.catch(() => datasets.delete(url)); // a failed download may be retried
  }
  return loading;
}
