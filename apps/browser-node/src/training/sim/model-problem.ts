/**
 * A real model of this app as a simulator problem (Node, tfjs on the wasm or cpu backend): the same
 * dataset asset, model, initial point and i.i.d. shards a room uses, gradients on minibatches drawn from the
 * engine's seeded stream (so SYNTHESIS's replayed stream gets the same batch at two points), and held-out
 * accuracy of any model. Gradients are read back synchronously: the simulator's event loop is synchronous.
 */
import type { HeldOut, Random, TrainingProblem, Vector } from '@canopy/algorithms';
import { makeBatch, rangeBatch, splitDataset, type LabelledImages } from '../data/dataset';
import { loadDatasetFromDisk } from '../data/node-asset';
import { shardIndices } from '../data/shard';
import { createModel, type Model } from '../model/model';
import { isModelName } from '../model/names';
import { fullGradientIndices, heldOutEvaluationCount } from '../text-task';

export interface ModelProblemSpec {
  readonly dataset: string;
  readonly model: string;
  readonly batchSize: number;
  /** Shards (nodes plus joiners). */
  readonly shards: number;
  /** Seed of x⁰ and of the data split, as a room's settings.seed. */
  readonly seed: number;
  /** Evaluate on the first N held-out samples (default 1000: ±1 point at 95%, and fast; text: as a tab does). */
  readonly heldOutSamples?: number;
}

/** Held-out samples are evaluated this many at a time (bounds tensor memory). */
const CHUNK = 500;
const DEFAULT_HELD_OUT = 1000;


export function createModelProblem(spec: ModelProblemSpec): TrainingProblem {
  if (!isModelName(spec.model)) throw new RangeError(`unknown model "${spec.model}"`);
  if (!(Number.isInteger(spec.batchSize) && spec.batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${spec.batchSize}`);
  const model = createModel(spec.model);
  const { train, heldOut } = splitDataset(loadDatasetFromDisk(spec.dataset));
  if (train.rows * train.cols !== model.inputSize || train.classes !== model.classes) {
    throw new RangeError(`${model.name} does not fit dataset ${spec.dataset}`);
  }
  const shards = Array.from({ length: spec.shards }, (_, node) =>
    shardIndices(train.labels, { nodes: spec.shards, node, partition: { kind: 'iid' }, seed: spec.seed, minPerNode: spec.batchSize }),
  );
  const evaluated = heldOutEvaluationCount(model, heldOut.count, spec.heldOutSamples, DEFAULT_HELD_OUT);
  const heldOutBatches = Array.from({ length: Math.ceil(evaluated / CHUNK) }, (_, i) => rangeBatch(heldOut, i * CHUNK, Math.min(evaluated, (i + 1) * CHUNK)));
  const point = new Float32Array(model.parameterCount);
  const asFloat32 = (x: Vector): Float32Array => {
    point.set(x);
    return point;
  };

  return {
    kind: `${spec.dataset}-${spec.model}-b${spec.batchSize}`,
    dimension: model.parameterCount,
    shardCount: spec.shards,
    start: model.initialParameters(spec.seed),
    gradient(shard, x, out, batch, random) {
      const indices = shards[shard];
      if (indices === undefined) throw new RangeError(`no shard ${shard} (of ${spec.shards})`);
      if (batch === 'full') return fullGradient(model, train, fullGradientIndices(model, indices), asFloat32(x), out);
      const drawn = new Int32Array(spec.batchSize);
      for (let i = 0; i < drawn.length; i++) drawn[i] = indices[random.int(indices.length)] as number;
      const step = model.lossAndGradientSync(asFloat32(x), makeBatch(train, drawn));
      out.set(step.gradient);
      return step.loss;
    },
    heldOut(x): HeldOut {
      const params = asFloat32(x);
      let loss = 0;
      let accuracy = 0;
      for (const batch of heldOutBatches) {
        const result = model.evaluateSync(params, batch);
        loss += (result.loss * batch.size) / evaluated;
        accuracy += (result.accuracy * batch.size) / evaluated;
      }
      return { loss, accuracy };
    },
  };
}

/** The shard's whole gradient, chunk by chunk, sample-weighted (algorithms that ask for 'full'). */
function fullGradient(model: Model, train: LabelledImages, indices: Int32Array, x: Float32Array, out: Vector): number {
  out.fill(0);
  let loss = 0;
  for (let from = 0; from < indices.length; from += CHUNK) {
    const chunk = indices.subarray(from, Math.min(indices.length, from + CHUNK));
    const step = model.lossAndGradientSync(x, makeBatch(train, chunk));
    const weight = chunk.length / indices.length;
    for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) + weight * (step.gradient[k] as number);
    loss += weight * step.loss;
  }
  return loss;
}
