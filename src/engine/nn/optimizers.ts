import * as tf from '@tensorflow/tfjs-core';

type OptimizerSettings = { type: 'adam' | 'sgd' | 'rmsprop'; learningRate: number; beta1: number; beta2: number };

/** The learning rate each optimizer was made with: the schedule scales it, never a scaled one. */
const baseLearningRates = new WeakMap<tf.Optimizer, number>();

export function makeOptimizer(o: OptimizerSettings): tf.Optimizer {
  const optimizer = create(o);
  baseLearningRates.set(optimizer, o.learningRate);
  return optimizer;
}

function create(o: OptimizerSettings): tf.Optimizer {
  switch (o.type) {
    case 'adam':
      return tf.train.adam(o.learningRate, o.beta1, o.beta2, 1e-7);
    case 'sgd':
      return tf.train.sgd(o.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate);
  }
}

/**
 * Sets an optimizer's learning rate for `epoch` (1-based): its base rate × decay^(epoch − 1). It is a
 * function of the epoch alone, so a resumed run picks up the same rate. tfjs's Adam and RMSProp read
 * their public-at-runtime `learningRate` field on every step; SGD caches it and has a setter.
 */
export function setEpochLearningRate(optimizer: tf.Optimizer, epoch: number, decay: number): number {
  const base = baseLearningRates.get(optimizer);
  if (base === undefined) throw new Error('setEpochLearningRate needs an optimizer made by makeOptimizer');
  const rate = base * decay ** (epoch - 1);
  const settable = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (settable.setLearningRate) settable.setLearningRate(rate);
  else settable.learningRate = rate;
  return rate;
}

/** A GAN's two optimizers: training.optimizer's settings, each with its own learning rate where the model sets one. */
export function ganOptimizers(
  settings: OptimizerSettings,
  rates: { generatorLearningRate?: number; discriminatorLearningRate?: number },
): { generator: tf.Optimizer; discriminator: tf.Optimizer } {
  return {
    generator: makeOptimizer({ ...settings, learningRate: rates.generatorLearningRate ?? settings.learningRate }),
    discriminator: makeOptimizer({ ...settings, learningRate: rates.discriminatorLearningRate ?? settings.learningRate }),
  };
}
