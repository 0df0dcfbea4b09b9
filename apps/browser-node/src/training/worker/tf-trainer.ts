/**
 * The real TrainerFactory: choose the backend on the actual model, load the dataset, build the trainer.
 * A re-init for a new run reuses the fetched dataset and the backend measured for the same model, so
 * starting another run costs no download and no calibration.
 */
import { activateBackend } from '../backend/backends';
import { chooseBackend, type BackendChoice } from '../backend/choose-backend';
import type { Dataset } from '../data/dataset';
import { decodeDataset } from '../data/format';
import { fetchDataset } from '../data/load';
import { createModel } from '../model/model';
import { createTrainer } from '../trainer';
import type { TrainerFactory } from './handler';
import type { InitRequest } from './protocol';

const datasets = new Map<string, Promise<Dataset>>();
const backends = new Map<string, BackendChoice>();

export const createTfTrainer: TrainerFactory = async (init) => {
  const dataset = await loadDataset(init.dataset);
  const backend = await backendFor(init);
  const trainer = createTrainer({
    model: init.model,
    dataset,
    shard: init.shard,
    batchSize: init.batchSize,
    samplerSeed: init.samplerSeed,
    heldOutSamples: init.heldOutSamples,
  });
  return { trainer, backend };
};

async function backendFor(init: InitRequest): Promise<BackendChoice> {
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

function loadDataset(source: InitRequest['dataset']): Promise<Dataset> {
  if (source.source === 'bytes') return Promise.resolve(decodeDataset(source.bytes));
  let loading = datasets.get(source.url);
  if (!loading) {
    loading = fetchDataset(source.url);
    datasets.set(source.url, loading);
    loading.catch(() => datasets.delete(source.url)); // a failed download may be retried
  }
  return loading;
}
