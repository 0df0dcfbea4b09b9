/**
 * Small CNN: conv k×k (c1, ReLU, same) → maxpool 2 → conv k×k (c2, ReLU, same) → maxpool 2 → dense classes.
 * The product's CNN on 28×28 MNIST: 8@5×5 → pool → 16@5×5 → pool → 7·7·16 → 10 (11,274 parameters).
 */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from './architecture';
import { paramLayout } from './layout';

export interface CnnShape {
  /** Square input side; must be divisible by 4 (two 2×2 poolings). */
  readonly side: number;
  readonly kernel: number;
  readonly channels: readonly [number, number];
  readonly classes: number;
}

export const MNIST_CNN: CnnShape = { side: 28, kernel: 5, channels: [8, 16], classes: 10 };

export function cnnArchitecture(shape: CnnShape = MNIST_CNN): Architecture {
  const { side, kernel: k, channels, classes } = shape;
  const [c1, c2] = channels;
  if (side % 4 !== 0) throw new RangeError(`CNN input side ${side} must be divisible by 4`);
  const flat = (side / 4) * (side / 4) * c2;
  const layout = paramLayout([
    { name: 'conv1/kernel', shape: [k, k, 1, c1], init: 'he', fanIn: k * k, fanOut: k * k * c1 },
    { name: 'conv1/bias', shape: [c1], init: 'zeros', fanIn: k * k, fanOut: k * k * c1 },
    { name: 'conv2/kernel', shape: [k, k, c1, c2], init: 'he', fanIn: k * k * c1, fanOut: k * k * c2 },
    { name: 'conv2/bias', shape: [c2], init: 'zeros', fanIn: k * k * c1, fanOut: k * k * c2 },
    { name: 'dense/kernel', shape: [flat, classes], init: 'glorot', fanIn: flat, fanOut: classes },
    { name: 'dense/bias', shape: [classes], init: 'zeros', fanIn: flat, fanOut: classes },
  ]);
  return {
    name: `cnn-${side}-${c1}-${c2}-${classes}`,
    inputSize: side * side,
    classes,
    layout,
    logits([k1, b1, k2, b2, w, b], features) {
      const images = tf.reshape(features, [-1, side, side, 1]) as tf.Tensor4D;
      const conv1 = tf.relu(tf.add(tf.conv2d(images, k1 as tf.Tensor4D, 1, 'same'), b1 as tf.Tensor1D)) as tf.Tensor4D;
      const pool1 = tf.maxPool(conv1, 2, 2, 'valid');
      const conv2 = tf.relu(tf.add(tf.conv2d(pool1, k2 as tf.Tensor4D, 1, 'same'), b2 as tf.Tensor1D)) as tf.Tensor4D;
      const pool2 = tf.maxPool(conv2, 2, 2, 'valid');
      return tf.add(tf.matMul(tf.reshape(pool2, [-1, flat]) as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor1D);
    },
  };
}
