/**
 * A node's compute: its model, its shard with a minibatch sampler, and the held-out set. This is what the
 * worker wraps; in Node (tests, headless peers) it can be used directly.
 */
import { makeBatch, rangeBatch, splitDataset, type Batch, type Dataset, type LabelledImages } from './data/dataset';
import { MinibatchSampler } from './data/sampler';
import { shardIndices, type Partition } from './data/shard';
import { generateText } from './model/generate';
import { createModel, type Evaluation, type Model, type ModelName } from './model/model';
import { seededRandom } from './random';
import { SAMPLE_PROMPT } from './sample-prompt';
import { fullGradientIndices, heldOutEvaluationCount, isLanguageModel } from './text-task';

export interface ShardSpec {
  readonly nodes: number;
  readonly node: number;
  readonly partition: Partition;
  /** Common to the session, so every node derives the same partition. */
  readonly seed: number;
}

export interface TrainerConfig {
  readonly model: ModelName;
  readonly dataset: Dataset;
  readonly shard: ShardSpec;
  readonly batchSize: number;
  /** Minibatch order; differs per node. */
  readonly samplerSeed: number;
  /** Evaluate on the first N held-out samples only (default: all of them). */
  readonly heldOutSamples?: number;
}

/** Where a plan needs gradients: several points share ONE minibatch (SYNTHESIS needs ∇f_S at two iterates). */
export type BatchKind = 'minibatch' | 'full';

export interface GradientsResult extends Evaluation {
  /** One gradient per point, same order. Loss and accuracy are measured at the first point. */
  readonly gradients: Float32Array[];
  /** The loss at every point on the same batch, same order (PC-ASGD picks θ by comparing two of them). */
  readonly losses: number[];
}

export interface HeldOutEvaluation extends Evaluation {
  readonly samples: number;
}

export interface Trainer {
  readonly model: Model;
  readonly shardSize: number;
  readonly batchSize: number;
  gradients(points: readonly Float32Array[], batch: BatchKind): Promise<GradientsResult>;
  evaluate(params: Float32Array): Promise<HeldOutEvaluation>;
  /** A language model's live sample: the text it writes after SAMPLE_PROMPT (absent for classifiers). */
  sample?(params: Float32Array): Promise<string>;
}

const SAMPLE_LENGTH = 120;

/** Large sets are processed in chunks to bound tensor memory. */
const CHUNK = 512;

export function createTrainer(config: TrainerConfig): Trainer {
  const model = createModel(config.model);
  const { train, heldOut } = splitDataset(config.dataset);
  if (train.rows * train.cols !== model.inputSize || train.classes !== model.classes) {
    throw new RangeError(`${model.name} expects ${model.inputSize} inputs and ${model.classes} classes, dataset has ${train.rows}x${train.cols} and ${train.classes}`);
  }
  const indices = shardIndices(train.labels, { ...config.shard, minPerNode: config.batchSize });
  const sampler = new MinibatchSampler(indices, config.batchSize, config.samplerSeed);
  const evaluationCount = heldOutEvaluationCount(model, heldOut.count, config.heldOutSamples, heldOut.count);
  let samples = 0;

  return {
    model,
    shardSize: indices.length,
    batchSize: config.batchSize,
    async gradients(points, kind) {
      if (points.length === 0) throw new RangeError('at least one point is needed');
      const batches = kind === 'minibatch' ? [makeBatch(train, sampler.next())] : chunks(train, fullGradientIndices(model, indices));
      return gradientsOver(model, points, batches);
    },
    async evaluate(params) {
      let loss = 0;
      let correct = 0;
      for (let from = 0; from < evaluationCount; from += CHUNK) {
        const batch = rangeBatch(heldOut, from, Math.min(evaluationCount, from + CHUNK));
        const result = await model.evaluate(params, batch);
        loss += result.loss * batch.size;
        correct += result.accuracy * batch.size;
      }
      return { loss: loss / evaluationCount, accuracy: correct / evaluationCount, samples: evaluationCount };
    },
    ...(isLanguageModel(model)
      ? {
          sample: (params: Float32Array) =>
            generateText(model, params, { prompt: SAMPLE_PROMPT, length: SAMPLE_LENGTH, random: seededRandom(config.samplerSeed + samples++) }),
        }
      : {}),
  };
}

function chunks(images: LabelledImages, indices: Int32Array): Batch[] {
  const out: Batch[] = [];
  for (let from = 0; from < indices.length; from += CHUNK) out.push(makeBatch(images, indices.subarray(from, from + CHUNK)));
  return out;
}

/** Sample-weighted mean of per-chunk gradients and losses (one chunk for a minibatch). */
async function gradientsOver(model: Model, points: readonly Float32Array[], batches: readonly Batch[]): Promise<GradientsResult> {
  const total = batches.reduce((sum, b) => sum + b.size, 0);
  const gradients: Float32Array[] = [];
  const losses: number[] = [];
  let accuracy = 0;
  for (const [p, point] of points.entries()) {
    if (batches.length === 1) {
      const step = await model.lossAndGradient(point, batches[0] as Batch);
      gradients.push(step.gradient);
      losses.push(step.loss);
      if (p === 0) accuracy = step.accuracy;
      continue;
    }
    const sum = new Float32Array(model.parameterCount);
    let loss = 0;
    for (const batch of batches) {
      const step = await model.lossAndGradient(point, batch);
      const weight = batch.size / total;
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + weight * (step.gradient[i] as number);
      loss += weight * step.loss;
      if (p === 0) accuracy += weight * step.accuracy;
    }
    gradients.push(sum);
    losses.push(loss);
  }
  return { loss: losses[0] as number, accuracy, gradients, losses };
}
