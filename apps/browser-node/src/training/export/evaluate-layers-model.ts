/** Accuracy and mean cross-entropy of a LayersModel (softmax outputs) on labelled images (in chunks) or on text. */
import * as tf from '@tensorflow/tfjs';
import { rangeBatch, type LabelledImages } from '../data/dataset';

const CHUNK = 500;

export async function evaluateLayersModel(model: tf.LayersModel, images: LabelledImages): Promise<{ accuracy: number; loss: number; samples: number }> {
  let correct = 0;
  let loss = 0;
  for (let from = 0; from < images.count; from += CHUNK) {
    const batch = rangeBatch(images, from, Math.min(images.count, from + CHUNK));
    const [right, nll] = tf.tidy(() => {
      const probabilities = model.predict(tf.tensor2d(batch.features, [batch.size, batch.features.length / batch.size])) as tf.Tensor2D;
      const labels = tf.tensor1d(batch.labels, 'int32');
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 1), labels), 'float32'));
      const picked = tf.sum(tf.mul(probabilities, tf.oneHot(labels, probabilities.shape[1])), 1);
      return [hits, tf.sum(tf.neg(tf.log(tf.maximum(picked, 1e-12))))];
    });
    correct += (await right.data())[0] as number;
    loss += (await nll.data())[0] as number;
    tf.dispose([right, nll]);
  }
  return { accuracy: correct / images.count, loss: loss / images.count, samples: images.count };
}

/**
 * The same for the character transformer's LayersModel (token ids in, probabilities per position out) on
 * text windows: each window's first `context` ids are the input, ids 1..context its targets; figures are per
 * character, over the first `windows` windows (a tab evaluates 128).
 */
export async function evaluateTextLayersModel(model: tf.LayersModel, text: LabelledImages, windows: number): Promise<{ accuracy: number; loss: number; samples: number }> {
  const width = text.cols;
  const context = width - 1;
  const count = Math.min(windows, text.count);
  const ids = Float32Array.from(text.pixels.subarray(0, count * width));
  const [right, nll] = tf.tidy(() => {
    const all = tf.tensor2d(ids, [count, width]);
    const probabilities = model.predict(tf.slice(all, [0, 0], [count, context])) as tf.Tensor3D;
    const targets = tf.cast(tf.slice(all, [0, 1], [count, context]), 'int32');
    const hits = tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, 2), targets), 'float32'));
    const picked = tf.sum(tf.mul(probabilities, tf.oneHot(targets, probabilities.shape[2])), 2);
    return [hits, tf.sum(tf.neg(tf.log(tf.maximum(picked, 1e-12))))];
  });
  const characters = count * context;
  try {
    return { accuracy: ((await right.data())[0] as number) / characters, loss: ((await nll.data())[0] as number) / characters, samples: count };
  } finally {
    tf.dispose([right, nll]);
  }
}
