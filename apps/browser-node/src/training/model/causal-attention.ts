/**
 * Multi-head causal self-attention on rows of n windows of t positions: a fused q/k/v projection, softmax of
 * q·kᵀ/√dh with later positions masked out, an output projection. One implementation for the training model
 * (transformer.ts) and the exported LayersModel's custom layer (export/transformer-layers.ts).
 */
import * as tf from '@tensorflow/tfjs';

/** x: [n·t, d] → [n·t, d]; weights: qkv [d, 3d], qkv bias [3d], out [d, d], out bias [d]. */
export function causalSelfAttention(x: tf.Tensor2D, n: number, t: number, heads: number, weights: readonly tf.Tensor[]): tf.Tensor2D {
  const [qkvW, qkvB, outW, outB] = weights as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const d = x.shape[1];
  const dh = d / heads;
  const qkv = tf.add(tf.matMul(x, qkvW as tf.Tensor2D), qkvB); // [n·t, 3d]
  // [n, t, 3, h, dh] → three [n, h, t, dh]
  const [q, k, v] = tf.unstack(tf.transpose(tf.reshape(qkv, [n, t, 3, heads, dh]), [2, 0, 3, 1, 4])) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  // Additive causal mask: position i attends to j ≤ i only.
  const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([t, t]), -1, 0)), -1e9);
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), mask); // [n, h, t, t]
  const mixed = tf.matMul(tf.softmax(scores), v); // [n, h, t, dh]
  const merged = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [n * t, d]) as tf.Tensor2D;
  return tf.add(tf.matMul(merged, outW as tf.Tensor2D), outB);
}
