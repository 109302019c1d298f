import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../util/rng';

/**
 * Gumbel-softmax (Jang et al. 2017; Maddison et al.'s Concrete distribution): a differentiable
 * relaxation of sampling a one-hot vector from a categorical given by logits.
 */

/**
 * Gumbel(0, 1) noise −log(−log(U + ε) + ε), U ~ Uniform[0, 1), drawn from a seeded generator so a
 * resumed run draws the same noise. ε keeps both logs finite at U = 0.
 */
export function sampleGumbel(shape: number[], seed: number, eps = 1e-20): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = -Math.log(-Math.log(rng.uniform() + eps) + eps);
  return tf.tensor(values, shape);
}

/**
 * Straight-through estimator: the forward value is the one-hot of each row's argmax, the gradient
 * passes to the soft input unchanged (as if the op were the identity).
 */
const straightThrough = tf.customGrad((soft) => {
  const y = soft as tf.Tensor;
  const classes = y.shape[y.shape.length - 1];
  return {
    value: tf.cast(tf.oneHot(tf.argMax(y, -1), classes), 'float32'),
    gradFunc: (dy: tf.Tensor) => dy,
  };
});

/**
 * One relaxed sample per row of `logits` (classes on the last axis): softmax((logits + g) / τ).
 * With `hard`, the forward value is the exact one-hot categorical sample argmax(logits + g), and the
 * backward pass uses the soft sample's gradient.
 */
export function gumbelSoftmax(logits: tf.Tensor, temperature: number, hard: boolean, seed: number): tf.Tensor {
  return tf.tidy(() => {
    const soft = tf.softmax(tf.div(tf.add(logits, sampleGumbel(logits.shape, seed)), temperature));
    return hard ? straightThrough(soft) : soft;
  });
}
