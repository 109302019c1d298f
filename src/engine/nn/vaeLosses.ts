import * as tf from '@tensorflow/tfjs-core';

/** Per-example losses of the VAE, each summed over pixels or latent dims: shape [n]. */

/** Bernoulli negative log-likelihood from logits, stable for large |logit|: relu(l) − l·x + log(1 + e^−|l|). */
export function bceFromLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const perPixel = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.softplus(tf.neg(tf.abs(logits))));
    return tf.sum(perPixel, 1) as tf.Tensor1D;
  });
}

/** The same likelihood from probabilities, clipped away from 0 and 1 (what Keras does with `from_logits=False`). */
export function bceFromProbabilities(x: tf.Tensor2D, p: tf.Tensor2D, epsilon = 1e-7): tf.Tensor1D {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, epsilon, 1 - epsilon);
    const perPixel = tf.neg(tf.add(tf.mul(x, tf.log(q)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, q)))));
    return tf.sum(perPixel, 1) as tf.Tensor1D;
  });
}

export function sumSquaredError(x: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(x, p)), 1) as tf.Tensor1D);
}

/** KL(N(μ, σ²) ‖ N(0, I)) in closed form: −½ Σ (1 + log σ² − μ² − σ²). */
export function gaussianKl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mean)), tf.exp(logVar)), 1)) as tf.Tensor1D);
}
