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
import type { ModelName } from './names';

export { MODEL_NAMES, type ModelName } from './names';

export interface Evaluation {
  /** Mean softmax cross-entropy. */
  readonly loss: number;
  /** Fraction of samples whose arg-max logit is the label. */
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
  /** The common starting point x⁰, identical for every node given the same seed. */
  initialParameters(seed: number): Float32Array;
  lossAndGradient(params: Float32Array, batch: Batch): Promise<GradientStep>;
  evaluate(params: Float32Array, batch: Batch): Promise<Evaluation>;
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
  }
}

class FlatModel implements Model {
  readonly name: string;
  readonly layout: ParamLayout;
  readonly parameterCount: number;
  readonly inputSize: number;
  readonly classes: number;

  constructor(private readonly architecture: Architecture) {
    this.name = architecture.name;
    this.layout = architecture.layout;
    this.parameterCount = architecture.layout.parameterCount;
    this.inputSize = architecture.inputSize;
    this.classes = architecture.classes;
  }

  initialParameters(seed: number): Float32Array {
    return initialParameters(this.layout, seed);
  }

  async lossAndGradient(params: Float32Array, batch: Batch): Promise<GradientStep> {
    checkLength(this.layout, params.length);
    this.checkBatch(batch);
    // The logits are needed for accuracy but live inside the gradient's own scope: keep them, free below.
    let logits: tf.Tensor2D | undefined;
    try {
      const { loss, correct, grads } = tf.tidy(() => {
        const { features, oneHot } = this.inputs(batch);
        const lossAt = (...weights: tf.Tensor[]): tf.Scalar => {
          logits = tf.keep(this.architecture.logits(weights, features));
          return crossEntropy(logits, oneHot);
        };
        const { value, grads } = tf.valueAndGrads(lossAt)(weightTensors(this.layout, params));
        return { loss: value, correct: countCorrect(logits as tf.Tensor2D, batch.labels), grads };
      });
      try {
        const [lossValue, correctValue, ...gradValues] = await Promise.all([loss.data(), correct.data(), ...grads.map((g) => g.data())]);
        // flatten: one own buffer in layout order (never a view on a backend heap: it may be transferred).
        const gradient = flatten(this.layout, gradValues as Float32Array[]);
        return { loss: lossValue[0] as number, accuracy: (correctValue[0] as number) / batch.size, gradient };
      } finally {
        tf.dispose([loss, correct, ...grads]);
      }
    } finally {
      if (logits) logits.dispose();
    }
  }

  async evaluate(params: Float32Array, batch: Batch): Promise<Evaluation> {
    checkLength(this.layout, params.length);
    this.checkBatch(batch);
    const { loss, correct } = tf.tidy(() => {
      const { features, oneHot } = this.inputs(batch);
      const logits = this.architecture.logits(weightTensors(this.layout, params), features);
      return { loss: crossEntropy(logits, oneHot), correct: countCorrect(logits, batch.labels) };
    });
    try {
      const [lossValue, correctValue] = await Promise.all([loss.data(), correct.data()]);
      return { loss: lossValue[0] as number, accuracy: (correctValue[0] as number) / batch.size };
    } finally {
      tf.dispose([loss, correct]);
    }
  }

  private inputs(batch: Batch): { features: tf.Tensor2D; oneHot: tf.Tensor2D } {
    return {
      features: tf.tensor2d(batch.features, [batch.size, this.inputSize]),
      oneHot: tf.oneHot(tf.tensor1d(batch.labels, 'int32'), this.classes) as tf.Tensor2D,
    };
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
