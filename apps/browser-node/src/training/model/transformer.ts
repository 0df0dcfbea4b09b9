/**
 * A character-level GPT: token + position embeddings → L pre-norm blocks (causal multi-head self-attention,
 * ReLU MLP) → layer norm → logits over the vocabulary, at every position. Written functionally on the flat
 * weights like the other architectures, so every algorithm, codec and checkpoint treats it as one vector.
 *
 * A sample is a window of `context + 1` token ids: positions 0..context-1 are the input and each predicts
 * the next id, so one window gives `context` targets (the loss is the mean over all of them). The asset
 * stores ids as bytes and makeBatch scales bytes by 1/255; that is undone here exactly (k/255·255 rounds to k).
 * Embedding lookups are one-hot matmuls: every backend has matMul and its gradient (wasm lacks some of
 * gather's), and with a vocabulary of ~80 the cost is small.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/dataset';
import { TEXT_CONTEXT, TEXT_VOCABULARY } from '../data/text';
import type { Architecture } from './architecture';
import { causalSelfAttention } from './causal-attention';
import { paramLayout, type ParamSpec } from './layout';

export interface TransformerShape {
  readonly vocabulary: number;
  /** Input positions per window (the window holds one more id: the last target). */
  readonly context: number;
  readonly width: number;
  readonly heads: number;
  readonly layers: number;
}

/** The product's character model on the Moby-Dick asset (vocabulary from scripts/text-sources.ts). */
export const TEXT_TRANSFORMER: TransformerShape = { vocabulary: TEXT_VOCABULARY.length, context: TEXT_CONTEXT, width: 80, heads: 4, layers: 3 };

const LN_EPSILON = 1e-5;

function blockSpecs(l: number, d: number): ParamSpec[] {
  const p = (name: string, shape: number[], init: ParamSpec['init'], fanIn: number, fanOut: number): ParamSpec => ({ name: `block${l}/${name}`, shape, init, fanIn, fanOut });
  return [
    p('ln1/gain', [d], 'ones', d, d),
    p('ln1/bias', [d], 'zeros', d, d),
    p('attention/qkv', [d, 3 * d], 'glorot', d, 3 * d),
    p('attention/qkv-bias', [3 * d], 'zeros', d, 3 * d),
    p('attention/out', [d, d], 'glorot', d, d),
    p('attention/out-bias', [d], 'zeros', d, d),
    p('ln2/gain', [d], 'ones', d, d),
    p('ln2/bias', [d], 'zeros', d, d),
    p('mlp/up', [d, 4 * d], 'he', d, 4 * d),
    p('mlp/up-bias', [4 * d], 'zeros', d, 4 * d),
    p('mlp/down', [4 * d, d], 'glorot', 4 * d, d),
    p('mlp/down-bias', [d], 'zeros', 4 * d, d),
  ];
}
const BLOCK_TENSORS = 12;

export function transformerArchitecture(shape: TransformerShape = TEXT_TRANSFORMER): Architecture {
  const { vocabulary: v, context: t, width: d, heads: h, layers } = shape;
  if (d % h !== 0) throw new RangeError(`width ${d} must be divisible by heads ${h}`);
  const layout = paramLayout([
    // Unit-variance token embeddings: with 0.02 ones the token barely shows through the blocks' outputs at the
    // start and plain SGD sat on the unigram plateau (4.4 bits) for 100-300+ steps; at std 1 it left within 25.
    { name: 'embedding/tokens', shape: [v, d], init: 'unit', fanIn: v, fanOut: d },
    { name: 'embedding/positions', shape: [t, d], init: 'small', fanIn: t, fanOut: d },
    ...Array.from({ length: layers }, (_, l) => blockSpecs(l, d)).flat(),
    { name: 'final-ln/gain', shape: [d], init: 'ones', fanIn: d, fanOut: d },
    { name: 'final-ln/bias', shape: [d], init: 'zeros', fanIn: d, fanOut: d },
    { name: 'head/kernel', shape: [d, v], init: 'small', fanIn: d, fanOut: v },
    { name: 'head/bias', shape: [v], init: 'zeros', fanIn: d, fanOut: v },
  ]);

  const layerNorm = (x: tf.Tensor2D, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor2D => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LN_EPSILON))), gain), bias);
  };
  const dense = (x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D => tf.add(tf.matMul(x, w as tf.Tensor2D), b);

  return {
    name: `transformer-v${v}-t${t}-d${d}-h${h}-l${layers}`,
    inputSize: t + 1,
    classes: v,
    layout,
    logits(weights, features) {
      const n = features.shape[0];
      const [tokens, positions] = weights as [tf.Tensor, tf.Tensor];
      const ids = tf.cast(tf.round(tf.mul(tf.slice(features, [0, 0], [n, t]), 255)), 'int32');
      const oneHot = tf.oneHot(tf.reshape(ids, [n * t]), v).toFloat() as tf.Tensor2D;
      let x = tf.add(tf.reshape(tf.matMul(oneHot, tokens as tf.Tensor2D), [n, t, d]), positions);
      let rows = tf.reshape(x, [n * t, d]) as tf.Tensor2D;
      for (let l = 0; l < layers; l++) {
        const w = weights.slice(2 + l * BLOCK_TENSORS, 2 + (l + 1) * BLOCK_TENSORS);
        const [g1, b1, , , , , g2, b2, upW, upB, downW, downB] = w as tf.Tensor[];
        rows = tf.add(rows, causalSelfAttention(layerNorm(rows, g1!, b1!), n, t, h, w.slice(2, 6)));
        const hidden = tf.relu(dense(layerNorm(rows, g2!, b2!), upW!, upB!));
        rows = tf.add(rows, dense(hidden, downW!, downB!));
      }
      const tail = weights.slice(2 + layers * BLOCK_TENSORS) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      x = layerNorm(rows, tail[0], tail[1]);
      return dense(x as tf.Tensor2D, tail[2], tail[3]); // [n·t, v]
    },
    targetsPerSample: t,
    targets(batch: Batch): Int32Array {
      const out = new Int32Array(batch.size * t);
      for (let s = 0; s < batch.size; s++) {
        for (let i = 0; i < t; i++) out[s * t + i] = Math.round((batch.features[s * (t + 1) + i + 1] as number) * 255);
      }
      return out;
    },
  };
}
