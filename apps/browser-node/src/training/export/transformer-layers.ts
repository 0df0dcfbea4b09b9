/**
 * The character transformer as a tfjs LayersModel. tfjs-layers has embedding, layer-norm, dense and add layers
 * but no position embedding and no causal self-attention, so those two are custom layer classes, registered
 * here under Canopy names: `tf.loadLayersModel` reads a saved transformer once this module is imported (the
 * evaluate CLI does; any other program needs the same two classes). The math is transformer.ts's, weight for
 * weight. Input: token ids [batch, context]; output: next-character probabilities [batch, context, vocabulary].
 */
import * as tf from '@tensorflow/tfjs';
import { causalSelfAttention } from '../model/causal-attention';
import type { TransformerShape } from '../model/transformer';

const LN_EPSILON = 1e-5;

/** x + P, P [context, width] learned. */
class PositionEmbedding extends tf.layers.Layer {
  static readonly className = 'CanopyPositionEmbedding';
  #positions: tf.LayerVariable | undefined;

  constructor(private readonly settings: { context: number; width: number; name?: string }) {
    super(settings);
  }

  override build(): void {
    this.#positions = this.addWeight('positions', [this.settings.context, this.settings.width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, (this.#positions as tf.LayerVariable).read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), context: this.settings.context, width: this.settings.width };
  }
}

/** Multi-head causal self-attention with a fused q/k/v projection and an output projection (with biases). */
class CausalSelfAttention extends tf.layers.Layer {
  static readonly className = 'CanopyCausalSelfAttention';
  #weights: tf.LayerVariable[] = [];

  constructor(private readonly settings: { context: number; width: number; heads: number; name?: string }) {
    super(settings);
  }

  override build(): void {
    const d = this.settings.width;
    const zeros = tf.initializers.zeros();
    this.#weights = [
      this.addWeight('qkv', [d, 3 * d], 'float32', zeros),
      this.addWeight('qkv-bias', [3 * d], 'float32', zeros),
      this.addWeight('out', [d, d], 'float32', zeros),
      this.addWeight('out-bias', [d], 'float32', zeros),
    ];
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { context: t, width: d, heads } = this.settings;
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const n = x.shape[0] as number;
      const rows = tf.reshape(x, [n * t, d]) as tf.Tensor2D;
      return tf.reshape(causalSelfAttention(rows, n, t, heads, this.#weights.map((w) => w.read())), [n, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), context: this.settings.context, width: this.settings.width, heads: this.settings.heads };
  }
}

tf.serialization.registerClass(PositionEmbedding);
tf.serialization.registerClass(CausalSelfAttention);

/** The layers in the order of the flat layout's slots (transformer.ts), so weights map one to one. */
export function transformerLayersModel(shape: TransformerShape): tf.LayersModel {
  const { vocabulary: v, context: t, width: d, heads, layers } = shape;
  const ids = tf.input({ shape: [t], name: 'token-ids' });
  const tokens = tf.layers.embedding({ inputDim: v, outputDim: d, name: 'embedding-tokens' }).apply(ids) as tf.SymbolicTensor;
  let x = new PositionEmbedding({ context: t, width: d, name: 'embedding-positions' }).apply(tokens) as tf.SymbolicTensor;
  const norm = (name: string): tf.layers.Layer => tf.layers.layerNormalization({ epsilon: LN_EPSILON, name });
  for (let l = 0; l < layers; l++) {
    const attended = new CausalSelfAttention({ context: t, width: d, heads, name: `block${l}-attention` }).apply(norm(`block${l}-ln1`).apply(x)) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `block${l}-residual1` }).apply([x, attended]) as tf.SymbolicTensor;
    const up = tf.layers.dense({ units: 4 * d, activation: 'relu', name: `block${l}-mlp-up` }).apply(norm(`block${l}-ln2`).apply(x));
    const down = tf.layers.dense({ units: d, name: `block${l}-mlp-down` }).apply(up) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `block${l}-residual2` }).apply([x, down]) as tf.SymbolicTensor;
  }
  const probabilities = tf.layers.dense({ units: v, activation: 'softmax', name: 'head' }).apply(norm('final-ln').apply(x)) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: probabilities, name: 'canopy-transformer' });
}
