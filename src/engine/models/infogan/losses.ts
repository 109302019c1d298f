import * as tf from '@tensorflow/tfjs-core';

/**
 * The variational lower bound on the mutual information I(c; G(z, c)) (Chen et al. 2016, eq. 5) is
 * H(c) + E[log Q(c | G(z, c))]; H(c) is fixed by the prior, so maximizing it is minimizing Q's negative
 * log-likelihood of the codes that made each sample. Both return the batch mean in nats.
 */

/** −log Q(c₁ | x) for a softmax Q: the cross-entropy of the categorical logits against the one-hot code. */
export function categoryLoss(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar);
}

/**
 * −log Q(c | x) for a factored Gaussian Q with unit variance, less its constant: ½‖c − μ‖². The variance is
 * fixed, as in the paper's released MNIST code: the term stays bounded below, where a learned σ lets it fall
 * without limit as Q sharpens and outweigh the GAN losses.
 */
export function continuousLoss(means: tf.Tensor2D, codes: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.mul(tf.sum(tf.square(tf.sub(codes, means)), 1), 0.5)) as tf.Scalar);
}
