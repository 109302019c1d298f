import * as tf from '@tensorflow/tfjs-core';

type OptimizerSettings = { type: 'adam' | 'sgd' | 'rmsprop'; learningRate: number; beta1: number; beta2: number };

/** The learning rate each optimizer was made with: the schedule scales it, never a scaled one. */
const baseLearningRates = new WeakMap<tf.Optimizer, number>();

export function makeOptimizer(o: OptimizerSettings): tf.Optimizer {
  const optimizer = create(o);
  baseLearningRates.set(optimizer, o.learningRate);
  return optimizer;
}

/** Names of Adam's running products β₁ᵗ and β₂ᵗ among its saved weights. */
const BETA_POWERS = ['genlab/adam/beta1Power', 'genlab/adam/beta2Power'] as const;

/**
 * tfjs's Adam, saving its running products β₁ᵗ, β₂ᵗ with its moments. Its own setWeights recomputes them
 * with pow(), which differs from the products in the last bits, so a resumed run drifted (≤ 7e-7 on the
 * VAE); restoring the products themselves resumes bit for bit. Checkpoints without them still load.
 */
class ExactResumeAdam extends tf.AdamOptimizer {
  private get betaPowers(): [tf.Variable, tf.Variable] {
    const self = this as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    return [self.accBeta1, self.accBeta2];
  }

  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    const [p1, p2] = this.betaPowers;
    return [...(await super.getWeights()), { name: BETA_POWERS[0], tensor: p1 }, { name: BETA_POWERS[1], tensor: p2 }];
  }

  override async setWeights(weights: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const saved = BETA_POWERS.map((name) => weights.find((w) => w.name === name));
    await super.setWeights(weights.filter((w) => !(BETA_POWERS as readonly string[]).includes(w.name)));
    this.betaPowers.forEach((power, i) => {
      const value = saved[i];
      if (value) power.assign(value.tensor as tf.Scalar);
    });
  }
}

function create(o: OptimizerSettings): tf.Optimizer {
  switch (o.type) {
    case 'adam':
      return new ExactResumeAdam(o.learningRate, o.beta1, o.beta2, 1e-7);
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
