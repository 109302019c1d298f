import * as tf from '@tensorflow/tfjs-core';

/**
 * KL(q ‖ uniform) for N independent categoricals of K classes, summed over the N variables:
 * Σ_n Σ_k q_nk (log q_nk + log K). `logits` is [batch, N, K]; the result is [batch], in nats.
 */
export function categoricalKlToUniform(logits: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const classes = logits.shape[2];
    const logQ = tf.logSoftmax(logits);
    return tf.sum(tf.mul(tf.exp(logQ), tf.add(logQ, Math.log(classes))), [1, 2]) as tf.Tensor1D;
  });
}
