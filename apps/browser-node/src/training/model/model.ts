/**
 * The bridge between tfjs and flat vectors: loss, accuracy and gradient at a given Float32Array.
 * Everything runs inside tf.tidy; the only tensors that outlive a call are none (checked by a leak test).
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/dataset';
import type { Architecture } from './architecture';
import { cnnArchitecture } from './cnn';
import { initialParameters } from './init';
import { checkLength, flatten, weightTensors, type ParamLayout } from './layout';
import { mlpArchitecture } from './mlp';
import { transformerArchitecture } from './transformer';
import type { ModelName } from './names';

export { MODEL_NAMES, type ModelName } from './names';

export interface Evaluation {
  /** Mean softmax cross-entropy. */
  readonly loss: number;
  /** Fraction of targets (samples; positions for a language model) whose arg-max logit is the target. */
  readonly accuracy: number;
}

export interface GradientStep extends Evaluation {
  /** ∇loss at the given parameters: a fresh, transferable Float32Array. */
  readonly gradient: Float32Array;
}

export interface Model {
  readonly name: string;
  readonly layout: ParamLayout;
  readonly parameterCount: number;
  readonly inputSize: number;
  readonly classes: number;
  /** Targets per sample: 1 for a classifier, the context length for a language model (one per position). */
  readonly targetsPerSample: number;
  /** The common starting point x⁰, identical for every node given the same seed. */
  initialParameters(seed: number): Float32Array;
  lossAndGradient(params: Float32Array, batch: Batch): Promise<GradientStep>;
  evaluate(params: Float32Array, batch: Batch): Promise<Evaluation>;
  /** Synchronous read-back (Node's wasm and cpu backends; a GPU backend would stall): the simulator's path. */
  lossAndGradientSync(params: Float32Array, batch: Batch): GradientStep;
  evaluateSync(params: Float32Array, batch: Batch): Evaluation;
  /** The logits of one row (a sample; a position for a language model) of one sample's features. */
  logitsRow(params: Float32Array, features: Float32Array, row: number): Promise<Float32Array>;
}

export function createModel(spec: ModelName | Architecture): Model {
  const architecture = typeof spec === 'string' ? architectureFor(spec) : spec;
  return new FlatModel(architecture);
}

function architectureFor(name: ModelName): Architecture {
  switch (name) {
    case 'mlp':
      return mlpArchitecture();
    case 'cnn':
      return cnnArchitecture();
    case 'transformer':
      return transformerArchitecture();
  }
}

class FlatModel implements Model {
  readonly name: string;
  readonly layout: ParamLayout;
  readonly parameterCount: number;
  readonly inputSize: number;
  readonly classes: number;
  readonly targetsPerSample: number;

  constructor(private readonly architecture: Architecture) {
    this.name = architecture.name;
    this.layout = architecture.layout;
    this.parameterCount = architecture.layout.parameterCount;
    this.inputSize = architecture.inputSize;
    this.classes = architecture.classes;
    this.targetsPerSample = architecture.targets === undefined ? 1 : (architecture.targetsPerSample ?? 1);
  }

  initialParameters(seed: number): Float32Array {
    return initialParameters(this.layout, seed);
  }

  async lossAndGradient(params: Float32Array, batch: Batch): Promise<GradientStep> {
    const tensors = this.gradientTensors(params, batch);
    try {
      const [loss, correct, ...grads] = await Promise.all([tensors.loss.data(), tensors.correct.data(), ...tensors.grads.map((g) => g.data())]);
      return this.gradientStep(batch, loss as Float32Array, correct as Int32Array, grads as Float32Array[]);
    } finally {
      tensors.dispose();
    }
  }

  /** The same, read back synchronously: for Node's wasm/cpu backends (the simulator's event loop is synchronous). */
  lossAndGradientSync(params: Float32Array, batch: Batch): GradientStep {
    const tensors = this.gradientTensors(params, batch);
    try {
      const grads = tensors.grads.map((g) => g.dataSync() as Float32Array);
      return this.gradientStep(batch, tensors.loss.dataSync() as Float32Array, tensors.correct.dataSync() as Int32Array, grads);
    } finally {
      tensors.dispose();
    }
  }

  async evaluate(params: Float32Array, batch: Batch): Promise<Evaluation> {
    const { loss, correct } = this.evaluationTensors(params, batch);
    try {
      const [lossValue, correctValue] = await Promise.all([loss.data(), correct.data()]);
      return { loss: lossValue[0] as number, accuracy: (correctValue[0] as number) / this.targetCount(batch) };
    } finally {
      tf.dispose([loss, correct]);
    }
  }

  evaluateSync(params: Float32Array, batch: Batch): Evaluation {
    const { loss, correct } = this.evaluationTensors(params, batch);
    try {
      return { loss: loss.dataSync()[0] as number, accuracy: (correct.dataSync()[0] as number) / this.targetCount(batch) };
    } finally {
      tf.dispose([loss, correct]);
    }
  }

  async logitsRow(params: Float32Array, features: Float32Array, row: number): Promise<Float32Array> {
    checkLength(this.layout, params.length);
    if (features.length !== this.inputSize) throw new RangeError(`one sample has ${this.inputSize} features, got ${features.length}`);
    if (!(Number.isInteger(row) && row >= 0 && row < this.targetsPerSample)) throw new RangeError(`row ${row} outside [0, ${this.targetsPerSample})`);
    const logits = tf.tidy(() => {
      const all = this.architecture.logits(weightTensors(this.layout, params), tf.tensor2d(features, [1, this.inputSize]));
      return tf.slice(all, [row, 0], [1, this.classes]);
    });
    try {
      return (await logits.data()) as Float32Array;
    } finally {
      logits.dispose();
    }
  }

  private gradientTensors(params: Float32Array, batch: Batch): { loss: tf.Scalar; correct: tf.Scalar; grads: tf.Tensor[]; dispose(): void } {
    checkLength(this.layout, params.length);
    this.checkBatch(batch);
    // The logits are needed for accuracy but live inside the gradient's own scope: keep them, free below.
    let logits: tf.Tensor2D | undefined;
    try {
      const { loss, correct, grads } = tf.tidy(() => {
        const { features, oneHot, targets } = this.inputs(batch);
        const lossAt = (...weights: tf.Tensor[]): tf.Scalar => {
          logits = tf.keep(this.architecture.logits(weights, features));
          return crossEntropy(logits, oneHot);
        };
        const { value, grads } = tf.valueAndGrads(lossAt)(weightTensors(this.layout, params));
        return { loss: value, correct: countCorrect(logits as tf.Tensor2D, targets), grads };
      });
      return { loss, correct, grads, dispose: () => tf.dispose([loss, correct, ...grads]) };
    } finally {
      if (logits) logits.dispose();
    }
  }

  private gradientStep(batch: Batch, loss: Float32Array, correct: Int32Array, grads: Float32Array[]): GradientStep {
    // flatten: one own buffer in layout order (never a view on a backend heap: it may be transferred).
    const gradient = flatten(this.layout, grads);
    return { loss: loss[0] as number, accuracy: (correct[0] as number) / this.targetCount(batch), gradient };
  }

  private evaluationTensors(params: Float32Array, batch: Batch): { loss: tf.Scalar; correct: tf.Scalar } {
    checkLength(this.layout, params.length);
    this.checkBatch(batch);
    return tf.tidy(() => {
      const { features, oneHot, targets } = this.inputs(batch);
      const logits = this.architecture.logits(weightTensors(this.layout, params), features);
      return { loss: crossEntropy(logits, oneHot), correct: countCorrect(logits, targets) };
    });
  }

  private inputs(batch: Batch): { features: tf.Tensor2D; oneHot: tf.Tensor2D; targets: Int32Array } {
    const targets = this.architecture.targets?.(batch) ?? batch.labels;
    return {
      features: tf.tensor2d(batch.features, [batch.size, this.inputSize]),
      oneHot: tf.oneHot(tf.tensor1d(targets, 'int32'), this.classes) as tf.Tensor2D,
      targets,
    };
  }

  private targetCount(batch: Batch): number {
    return batch.size * this.targetsPerSample;
  }

  private checkBatch(batch: Batch): void {
    if (batch.size < 1 || batch.features.length !== batch.size * this.inputSize || batch.labels.length !== batch.size) {
      throw new RangeError(
        `batch of ${batch.size} needs ${batch.size * this.inputSize} features and ${batch.size} labels, ` +
          `got ${batch.features.length} and ${batch.labels.length}`,
      );
    }
  }
}

/** Mean softmax cross-entropy, via logSoftmax for numerical stability. */
function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

function countCorrect(logits: tf.Tensor2D, labels: Int32Array): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels, 'int32')), 'int32'));
}
