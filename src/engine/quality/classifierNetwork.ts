import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../nn/params';

/**
 * The quality metrics' classifier: a LeNet-sized convnet on 28×28 grey images — two 5×5 valid convs (16 and 32
 * filters), each with ReLU and 2×2 max pooling, a 128-unit ReLU layer (the penultimate features FID is computed
 * on) and 10 logits. About 80k weights; one pass costs ~1.1M multiply-adds an image.
 */

export const CLASSIFIER_SIDE = 28;
export const CLASSIFIER_CLASSES = 10;
export const CLASSIFIER_FEATURES = 128;

/** Every weight of the network by name, with its shape: the order the shipped weight files store them in. */
export const CLASSIFIER_TENSORS: readonly { name: string; shape: number[] }[] = [
  { name: 'conv1/kernel', shape: [5, 5, 1, 16] },
  { name: 'conv1/bias', shape: [16] },
  { name: 'conv2/kernel', shape: [5, 5, 16, 32] },
  { name: 'conv2/bias', shape: [32] },
  { name: 'features/kernel', shape: [4 * 4 * 32, CLASSIFIER_FEATURES] },
  { name: 'features/bias', shape: [CLASSIFIER_FEATURES] },
  { name: 'logits/kernel', shape: [CLASSIFIER_FEATURES, CLASSIFIER_CLASSES] },
  { name: 'logits/bias', shape: [CLASSIFIER_CLASSES] },
];

/** The network's weights by the names in CLASSIFIER_TENSORS. */
export type ClassifierWeights = Record<string, tf.Tensor>;

/** Fresh trainable weights in `params` (Glorot-uniform kernels, zero biases), under `prefix`. */
export function createClassifierWeights(params: ParamStore, prefix = ''): ClassifierWeights {
  const weights: ClassifierWeights = {};
  for (const { name, shape } of CLASSIFIER_TENSORS) {
    const full = prefix + name;
    if (name.endsWith('/bias')) weights[name] = params.constant(full, shape, 0);
    else {
      const receptive = shape.length === 4 ? shape[0] * shape[1] : 1;
      weights[name] = params.glorot(full, shape, receptive * shape[shape.length - 2], receptive * shape[shape.length - 1]);
    }
  }
  return weights;
}

/** The penultimate features [n, 128] and the logits [n, 10] of images [n, 28, 28, 1] in [0, 1]. */
export function classify(weights: ClassifierWeights, x: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
  const block = (input: tf.Tensor4D, layer: string) => tf.maxPool(
    tf.relu(tf.add(tf.conv2d(input, weights[`${layer}/kernel`] as tf.Tensor4D, 1, 'valid'), weights[`${layer}/bias`])) as tf.Tensor4D,
    2, 2, 'valid');
  const pooled = block(block(x, 'conv1'), 'conv2');
  const flat = tf.reshape(pooled, [x.shape[0], -1]) as tf.Tensor2D;
  const features = tf.relu(tf.add(tf.matMul(flat, weights['features/kernel'] as tf.Tensor2D), weights['features/bias'])) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(features, weights['logits/kernel'] as tf.Tensor2D), weights['logits/bias']) as tf.Tensor2D;
  return { features, logits };
}
