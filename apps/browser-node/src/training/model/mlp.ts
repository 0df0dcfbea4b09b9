/** Multi-layer perceptron inputs → hidden (ReLU) → classes. The product's MLP is 784-128-10. */
import * as tf from '@tensorflow/tfjs';
import type { Architecture } from './architecture';
import { paramLayout } from './layout';

export interface MlpShape {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
}

export const MNIST_MLP: MlpShape = { inputs: 784, hidden: 128, classes: 10 };

export function mlpArchitecture(shape: MlpShape = MNIST_MLP): Architecture {
  const { inputs, hidden, classes } = shape;
  const layout = paramLayout([
    { name: 'dense1/kernel', shape: [inputs, hidden], init: 'he', fanIn: inputs, fanOut: hidden },
    { name: 'dense1/bias', shape: [hidden], init: 'zeros', fanIn: inputs, fanOut: hidden },
    { name: 'dense2/kernel', shape: [hidden, classes], init: 'glorot', fanIn: hidden, fanOut: classes },
    { name: 'dense2/bias', shape: [classes], init: 'zeros', fanIn: hidden, fanOut: classes },
  ]);
  return {
    name: `mlp-${inputs}-${hidden}-${classes}`,
    inputSize: inputs,
    classes,
    layout,
    logits([w1, b1, w2, b2], features) {
      const h = tf.relu(tf.add(tf.matMul(features, w1 as tf.Tensor2D), b1 as tf.Tensor1D));
      return tf.add(tf.matMul(h, w2 as tf.Tensor2D), b2 as tf.Tensor1D);
    },
  };
}
