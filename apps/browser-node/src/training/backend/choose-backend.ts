/**
 * Picks the fastest backend that can train the actual model: each candidate is activated, proven able to
 * take a gradient step (wasm lacks Conv2DBackpropFilter, so it cannot train the CNN — detected by trying,
 * not by a list), warmed up (shader compilation), then timed over a few steps; the median wins.
 */
import type { Batch } from '../data/dataset';
import type { Model } from '../model/model';
import { seededRandom } from '../random';
import { activateBackend, errorMessage } from './backends';
import { BACKEND_NAMES, type BackendName } from './names';

export type BackendTrial =
  | { readonly backend: BackendName; readonly status: 'ok'; readonly msPerStep: number; readonly samplesMs: readonly number[] }
  | { readonly backend: BackendName; readonly status: 'unavailable' | 'cannot-train'; readonly reason: string };

export interface BackendChoice {
  readonly backend: BackendName;
  readonly msPerStep: number;
  /** Usable backends fastest first, then the ones that failed, with why. */
  readonly ranking: readonly BackendTrial[];
}

export interface ChooseBackendOptions {
  readonly model: Model;
  /** Use only this backend (e.g. from `?backend=`); it is still measured, and an error if it cannot train. */
  readonly forced?: BackendName;
  readonly candidates?: readonly BackendName[];
  readonly batchSize?: number;
  readonly warmupSteps?: number;
  readonly measureSteps?: number;
  /** Clock in ms; injectable so tests can control the ranking. */
  readonly now?: () => number;
}

/** A backend whose first measured step takes this many times the best so far is not measured further. */
const SLOWER_CUTOFF = 2;

export class BackendUnavailableError extends Error {
  constructor(
    readonly ranking: readonly BackendTrial[],
    message: string,
  ) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

export async function chooseBackend(options: ChooseBackendOptions): Promise<BackendChoice> {
  const { model, forced } = options;
  const candidates = forced ? [forced] : (options.candidates ?? BACKEND_NAMES);
  const batch = syntheticBatch(model, options.batchSize ?? 32);
  const params = model.initialParameters(0);
  const trials: BackendTrial[] = [];
  for (const backend of candidates) {
    const best = Math.min(...trials.map((t) => (t.status === 'ok' ? t.msPerStep : Infinity)));
    trials.push(await tryBackend(backend, model, params, batch, options, best));
  }
  const usable = trials
    .filter((t): t is Extract<BackendTrial, { status: 'ok' }> => t.status === 'ok')
    .sort((a, b) => a.msPerStep - b.msPerStep);
  const ranking = [...usable, ...trials.filter((t) => t.status !== 'ok')];
  const best = usable[0];
  if (!best) {
    const why = trials.map((t) => `${t.backend}: ${t.status === 'ok' ? 'ok' : t.reason}`).join('; ');
    throw new BackendUnavailableError(ranking, `no backend can train ${model.name} (${why})`);
  }
  const activation = await activateBackend(best.backend);
  if (!activation.ok) throw new BackendUnavailableError(ranking, `re-activating ${best.backend} failed: ${activation.reason}`);
  return { backend: best.backend, msPerStep: best.msPerStep, ranking };
}

async function tryBackend(
  backend: BackendName,
  model: Model,
  params: Float32Array,
  batch: Batch,
  options: ChooseBackendOptions,
  bestSoFar: number,
): Promise<BackendTrial> {
  const activation = await activateBackend(backend);
  if (!activation.ok) return { backend, status: 'unavailable', reason: activation.reason };
  const now = options.now ?? (() => performance.now());
  try {
    for (let i = 0; i < Math.max(1, options.warmupSteps ?? 2); i++) await model.lossAndGradient(params, batch);
  } catch (error) {
    return { backend, status: 'cannot-train', reason: errorMessage(error) };
  }
  const samplesMs: number[] = [];
  for (let i = 0; i < Math.max(1, options.measureSteps ?? 3); i++) {
    const started = now();
    await model.lossAndGradient(params, batch);
    samplesMs.push(now() - started);
    // Far slower than a backend already measured: it cannot win, spare the remaining (slow) steps.
    if (samplesMs[0] !== undefined && samplesMs[0] > SLOWER_CUTOFF * bestSoFar) break;
  }
  return { backend, status: 'ok', msPerStep: median(samplesMs), samplesMs };
}

/** Seeded random pixels and labels: timing needs the real shapes, not real digits. */
function syntheticBatch(model: Model, size: number): Batch {
  const random = seededRandom(size);
  const features = new Float32Array(size * model.inputSize).map(() => random());
  const labels = new Int32Array(size).map(() => Math.floor(random() * model.classes));
  return { size, features, labels };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
