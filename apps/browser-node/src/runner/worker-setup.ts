/**
 * The page's TrainingSetup: compute runs in the training module's Web Worker (so a hidden tab keeps its
 * step rate; its replies are message events, which are not throttled). One worker for the page's life,
 * re-initialised for each run. Imports no tfjs: the page bundle stays small.
 */
import { ComputeClient, MNIST_ASSET, MODEL_NAMES, spawnComputeWorker, type BackendName, type ComputeOptions } from '../training';
import type { PreparedRun, RunSpec, TrainingSetup } from './gradient-source';

/** Room dataset names → asset paths (relative to the page). */
const DATASET_ASSETS: ReadonlyMap<string, string> = new Map([['mnist', MNIST_ASSET]]);

export interface WorkerSetupOptions {
  /** Force one backend (?backend=); otherwise the worker measures and picks the fastest. */
  readonly backend?: BackendName;
  /** The page's URL, against which assets are resolved (a worker cannot resolve relative URLs itself). */
  readonly baseUrl: string;
}

export interface WorkerSetup extends TrainingSetup {
  /** Backends the worker tried at its last init, fastest first, with why others failed (for the page). */
  readonly ranking: readonly string[];
  terminate(): void;
}

export function workerSetup(options: WorkerSetupOptions): WorkerSetup {
  let client: ComputeClient | undefined;
  let ranking: string[] = [];
  // Inits are serialised: a reset arriving during the previous run's init waits for it.
  let queue: Promise<unknown> = Promise.resolve();

  async function prepareNow(spec: RunSpec): Promise<PreparedRun> {
    const compute = computeOptions(spec, options);
    const info = client === undefined ? (client = await ComputeClient.start(spawnComputeWorker(), compute)).info : await client.reinit(compute);
    ranking = info.ranking.map((trial) => (trial.status === 'ok' ? `${trial.backend}: ${trial.msPerStep.toFixed(1)} ms/step` : `${trial.backend}: ${trial.status} (${trial.reason})`));
    return { x0: info.x0, source: client, backend: info.backend };
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
    terminate() {
      client?.terminate();
      client = undefined;
    },
  };
}

function computeOptions(spec: RunSpec, options: WorkerSetupOptions): ComputeOptions {
  const { settings } = spec;
  const model = MODEL_NAMES.find((name) => name === settings.model);
  if (model === undefined) throw new Error(`unknown model "${settings.model}" (known: ${MODEL_NAMES.join(', ')})`);
  const asset = DATASET_ASSETS.get(settings.dataset);
  if (asset === undefined) throw new Error(`dataset "${settings.dataset}" is not available in this build (known: ${[...DATASET_ASSETS.keys()].join(', ')})`);
  return {
    model,
    ...(options.backend === undefined ? {} : { backend: options.backend }),
    dataset: { url: new URL(asset, options.baseUrl).href },
    shard: { ...spec.shard, partition: settings.partition, seed: settings.seed },
    batchSize: settings.algorithm.batchSize,
    initSeed: settings.seed,
    samplerSeed: spec.samplerSeed,
  };
}
