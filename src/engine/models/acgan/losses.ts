import * as tf from '@tensorflow/tfjs-core';

/**
 * The negative of the auxiliary classifier's log-likelihood of the correct class, −log P(C = c | x), from its
 * logits and the one-hot classes, as a batch mean (softmax cross-entropy). Odena et al.'s L_C is its negative,
 * summed over the real and the generated batch.
 */
export function classLoss(classLogits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(classLogits)), 1))) as tf.Scalar);
}
