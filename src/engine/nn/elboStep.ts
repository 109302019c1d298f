import * as tf from '@tensorflow/tfjs-core';
import type { RegularizationConfig } from '../config/common';
import type { ParamStore } from './params';

/** The two per-image terms of the negative ELBO, in nats. */
export interface NegElboTerms {
  reconstruction: tf.Tensor1D;
  kl: tf.Tensor1D;
}

/**
 * One `optimizer` step on the batch mean of reconstruction + β·KL, with the run's L1/L2 on `params`: the loss and
 * both terms' batch means (kept past the step, for its metrics).
 */
export function negElboStep(optimizer: tf.Optimizer, params: ParamStore, beta: number, regularization: RegularizationConfig,
  terms: () => NegElboTerms): Record<string, tf.Scalar> {
  const kept: Record<string, tf.Scalar> = {};
  const loss = optimizer.minimize(() => {
    const { reconstruction, kl } = terms();
    kept.reconstruction = tf.keep(tf.mean(reconstruction));
    kept.kl = tf.keep(tf.mean(kl));
    const objective = tf.add(kept.reconstruction, tf.mul(beta, kept.kl)) as tf.Scalar;
    return params.regularized(objective, regularization);
  }, true, params.trainable())!;
  return { loss, ...kept };
}
