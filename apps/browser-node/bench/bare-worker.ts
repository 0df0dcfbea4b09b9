/**
 * The bare baseline: the training module's Trainer (minibatch draw + Model.lossAndGradient) and a plain SGD
 * update (the SIMD kernel the runner's R-FAST uses, where available), in a loop inside this dedicated worker,
 * timed step by step. No runner, no algorithm, no links, no messages per step: what training one model on
 * one tab costs by itself, on the same backend as the runner.
 */
import * as tf from '@tensorflow/tfjs';
import { sgd, VectorArena } from '@canopy/algorithms';
import { activateBackend, currentBackend } from '../src/training/backend/backends';
import { registerBrowserBackends } from '../src/training/backend/browser-backends';
import { errorMessage } from '../src/training/backend/errors';
import { isBackendName } from '../src/training/backend/names';
import type { Dataset } from '../src/training/data/dataset';
import { fetchDataset } from '../src/training/data/load';
import { createTrainer, type Trainer } from '../src/training/trainer';
import { bareRunSchema, type BareErrorReason, type BareReply, type BareRunMessage } from './bare-protocol';

interface WorkerScope {
  postMessage(message: BareReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

registerBrowserBackends();
const scope = self as unknown as WorkerScope;
let dataset: Promise<Dataset> | undefined;
interface BareState {
  readonly key: string;
  readonly trainer: Trainer;
  readonly params: Float32Array;
  /** The update runs in the same SIMD kernels as the runner's R-FAST (fair baseline), when available. */
  readonly arena: VectorArena | undefined;
  readonly stage: Float32Array | undefined;
}

/** Kept across runs: later rounds continue training the same model, as the runner does. */
let state: BareState | undefined;

async function prepare(run: BareRunMessage): Promise<BareState> {
  const key = JSON.stringify([run.datasetUrl, run.batchSize, run.seed]);
  if (state?.key === key) return state;
  dataset ??= fetchDataset(run.datasetUrl);
  // Same shard shape as a node of a three-node room.
  const trainer = createTrainer({ model: 'mlp', dataset: await dataset, shard: { nodes: 3, node: 0, partition: { kind: 'iid' }, seed: run.seed }, batchSize: run.batchSize, samplerSeed: run.seed });
  const initial = trainer.model.initialParameters(run.seed);
  const arena = VectorArena.create(VectorArena.bytesFor([initial.byteLength, initial.byteLength]));
  const params = arena?.float32(initial.length) ?? new Float32Array(initial.length);
  params.set(initial);
  state = { key, trainer, params, arena, stage: arena?.float32(initial.length) };
  return state;
}

async function step({ trainer, params, arena, stage }: BareState, learningRate: number): Promise<void> {
  const { gradients } = await trainer.gradients([params], 'minibatch');
  sgd(arena, params, gradients[0] as Float32Array, learningRate, stage);
}

async function handle(data: unknown): Promise<BareReply> {
  const parsed = bareRunSchema.safeParse(data);
  if (!parsed.success) return fail('malformed-request', parsed.error.message);
  const run = parsed.data;
  if (!isBackendName(run.backend)) return fail('backend-unavailable', `unknown backend "${run.backend}"`);
  const activation = await activateBackend(run.backend);
  if (!activation.ok) return fail('backend-unavailable', activation.reason);
  try {
    const prepared = await prepare(run);
    for (let i = 0; i < run.warmupSteps; i++) await step(prepared, run.learningRate);
    const tensorsBefore = tf.memory().numTensors;
    const stepMs: number[] = [];
    for (let i = 0; i < run.steps; i++) {
      const started = performance.now();
      await step(prepared, run.learningRate);
      stepMs.push(performance.now() - started);
    }
    return { type: 'result', backend: currentBackend(), stepMs, tensorsBefore, tensorsAfter: tf.memory().numTensors };
  } catch (error) {
    return fail('failed', errorMessage(error));
  }
}

function fail(reason: BareErrorReason, message: string): BareReply {
  return { type: 'error', reason, message };
}

scope.addEventListener('message', (event) => {
  void handle(event.data).then((reply) => scope.postMessage(reply));
});
