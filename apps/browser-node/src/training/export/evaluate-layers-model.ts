/** Accuracy and mean cross-entropy of a LayersModel (softmax outputs) on labelled images, in chunks. */
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
