import * as tf from '@tensorflow/tfjs-core';

/**
 * The GAN game's losses (Goodfellow et al. 2014), written on the discriminator's logits l with
 * D = sigmoid(l): log D = −softplus(−l) and log(1 − D) = −softplus(l), which stay finite where
 * D saturates at 0 or 1. Every function returns the batch mean as a scalar.
 */

/** The generator's objective. */
export type GeneratorLossKind = 'minimax' | 'non-saturating';

/** Binary cross-entropy against a (possibly soft) target t: −t·log D − (1 − t)·log(1 − D), batch mean. */
export function sigmoidCrossEntropy(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.add(tf.mul(target, tf.softplus(tf.neg(logits))), tf.mul(1 - target, tf.softplus(logits)))) as tf.Scalar);
}

/**
 * The discriminator maximizes log D(x) + log(1 − D(G(z))); as a loss to minimize that is the
 * cross-entropy of real images against label `realLabel` plus that of fakes against 0.
 * `realLabel` below 1 is one-sided label smoothing (Salimans et al. 2016): only the real targets
 * are softened, since softening the fake ones would reward D for leaving fakes where they are.
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor, realLabel = 1): tf.Scalar {
  return tf.tidy(() => tf.add(sigmoidCrossEntropy(realLogits, realLabel), sigmoidCrossEntropy(fakeLogits, 0)) as tf.Scalar);
}

/**
 * The generator's loss on D's logits for its samples.
 *
 * minimax: minimize log(1 − D(G(z))), the game's value as the paper states it.
 * non-saturating: minimize −log D(G(z)) instead. Early in training D rejects G's samples with
 * confidence (D(G(z)) ≈ 0); there log(1 − D) is flat — its gradient in the logit is −D ≈ 0 — so G
 * barely learns. −log D has the same fixed point (D = ½ at p_g = p_data) but its gradient in the
 * logit is −(1 − D) ≈ −1 exactly where G is worst. Hence it is the default.
 */
export function generatorLoss(fakeLogits: tf.Tensor, kind: GeneratorLossKind): tf.Scalar {
  return tf.tidy(() => (kind === 'minimax'
    ? tf.neg(tf.mean(tf.softplus(fakeLogits)))
    : tf.mean(tf.softplus(tf.neg(fakeLogits)))) as tf.Scalar);
}
