/**
 * The trained flat vector as a standard tfjs LayersModel (what `tf.loadLayersModel` returns): the same network
 * as the functional one in ../model, built from Keras layers, with softmax on the last layer so `predict` gives
 * class probabilities. The layer weights are the vector's slices in layout order (Dense and Conv2D kernels are
 * stored [in, out] and [k, k, in, out] in both), so predictions match the functional model's arg-max exactly.
 * The transformer is a functional model with two custom layers (transformer-layers.ts); it takes token ids.
 */
import * as tf from '@tensorflow/tfjs';
import { MNIST_CNN } from '../model/cnn';
import { unflatten, type ParamLayout } from '../model/layout';
import { MNIST_MLP } from '../model/mlp';
import type { ModelName } from '../model/names';
import { TEXT_TRANSFORMER } from '../model/transformer';
import { transformerLayersModel } from './transformer-layers';

function layersFor(name: Exclude<ModelName, 'transformer'>): tf.layers.Layer[] {
  switch (name) {
    case 'mlp': {
      const { inputs, hidden, classes } = MNIST_MLP;
      return [
        tf.layers.dense({ inputShape: [inputs], units: hidden, activation: 'relu', name: 'dense1' }),
        tf.layers.dense({ units: classes, activation: 'softmax', name: 'dense2' }),
      ];
    }
    case 'cnn': {
      const { side, kernel, channels, classes } = MNIST_CNN;
      return [
        tf.layers.reshape({ inputShape: [side * side], targetShape: [side, side, 1], name: 'image' }),
        tf.layers.conv2d({ filters: channels[0], kernelSize: kernel, padding: 'same', activation: 'relu', name: 'conv1' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid', name: 'pool1' }),
        tf.layers.conv2d({ filters: channels[1], kernelSize: kernel, padding: 'same', activation: 'relu', name: 'conv2' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid', name: 'pool2' }),
        tf.layers.flatten({ name: 'flatten' }), // channels-last, as the functional model's reshape
        tf.layers.dense({ units: classes, activation: 'softmax', name: 'dense' }),
      ];
    }
  }
}

/** A LayersModel holding `params` (its tensors are the caller's to dispose: `model.dispose()`). */
export function toLayersModel(name: ModelName, layout: ParamLayout, params: Float32Array): tf.LayersModel {
  const model = name === 'transformer' ? transformerLayersModel(TEXT_TRANSFORMER) : tf.sequential({ layers: layersFor(name), name: `canopy-${name}` });
  const parts = unflatten(layout, params);
  const weights = model.weights;
  if (weights.length !== parts.length) throw new Error(`${name}: ${weights.length} layer weights, layout has ${parts.length}`);
  const tensors = layout.slots.map((slot, i) => {
    const expected = weights[i]?.shape ?? [];
    if (expected.join('x') !== slot.shape.join('x')) throw new Error(`${slot.name}: layer wants [${expected.join(', ')}], layout has [${slot.shape.join(', ')}]`);
    return tf.tensor(parts[i] as Float32Array, [...slot.shape], 'float32');
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
  return model;
}
