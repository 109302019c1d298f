import * as tf from '@tensorflow/tfjs-core';
import { wasmWithSimdKernels, type WasmBackendMemory } from '../backend/simdKernels/instance';

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

type Moment = { originalName: string; variable: tf.Variable };

/**
 * tfjs's Adam, saving its running products β₁ᵗ, β₂ᵗ with its moments. Its own setWeights recomputes them
 * with pow(), which differs from the products in the last bits, so a resumed run drifted (≤ 7e-7 on the
 * VAE); restoring the products themselves resumes bit for bit. Checkpoints without them still load.
 * On the wasm backend each variable's step is GenLab's fused kernel (the same numbers, one pass instead of 14).
 * It writes the moments in place and the weights to a new tensor, as tfjs does: with the weights written in place
 * the trainer's runs drifted from tfjs's from the first epoch (the resume tests in training.test.ts caught it) though
 * every single update matched, so some consumer of a weight keys on the tensor, not on its buffer.
 */
class ExactResumeAdam extends tf.AdamOptimizer {
  private get betaPowers(): [tf.Variable, tf.Variable] {
    const self = this as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
    return [self.accBeta1, self.accBeta2];
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const wasm = wasmWithSimdKernels();
    const named = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor] as const)
      : Object.entries(variableGradients);
    const steps = named.map(([name, gradient]) => ({ value: tf.engine().registeredVariables[name], gradient }));
    if (!wasm || !steps.every((s) => s.gradient == null || (onBackend(wasm.backend, s.value) && onBackend(wasm.backend, s.gradient)))) {
      return super.applyGradients(variableGradients);
    }
    const self = this as unknown as { accumulatedFirstMoment: Moment[]; accumulatedSecondMoment: Moment[] };
    const [power1, power2] = this.betaPowers.map((p) => p.dataSync()[0]);
    steps.forEach(({ value, gradient }, i) => {
      // Created for every variable, as tfjs does: the checkpoint's moments line up with the variables by index.
      self.accumulatedFirstMoment[i] ??= { originalName: `${value.name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      self.accumulatedSecondMoment[i] ??= { originalName: `${value.name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const m = self.accumulatedFirstMoment[i].variable;
      const v = self.accumulatedSecondMoment[i].variable;
      for (const moment of [m, v]) ownData(wasm.backend, moment);
      const updated = tf.engine().makeTensorFromTensorInfo(wasm.backend.makeOutput(value.shape, 'float32'));
      const offset = (t: tf.Tensor) => wasm.backend.getMemoryOffset(t.dataId);
      // Each constant as tfjs's kernels see it: a float32 scalar made from the JS number (1 − β₁ᵗ in float32).
      wasm.kernels.adam(offset(updated), offset(value), offset(gradient), offset(m), offset(v), value.size, this.beta1,
        1 - this.beta1, this.beta2, 1 - this.beta2, 1 - power1, 1 - power2, this.epsilon, -this.learningRate);
      value.assign(updated);
      updated.dispose();
    });
    tf.tidy(() => {
      const [p1, p2] = this.betaPowers;
      p1.assign(tf.mul(p1, this.beta1));
      p2.assign(tf.mul(p2, this.beta2));
    });
    this.incrementIterations();
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

/** Whether the kernel can read `t` where it lies: float32 data the wasm backend holds. */
function onBackend(backend: WasmBackendMemory, t: tf.Tensor): boolean {
  return t.dtype === 'float32' && backend.dataIdMap.has(t.dataId);
}

/**
 * Gives the moment `x` a buffer of its own before the kernel writes it in place: tfjs shares one buffer among
 * tensors (a variable made from a loaded tensor, a clone), and those must keep their values.
 */
function ownData(backend: WasmBackendMemory, x: tf.Variable): void {
  if (backend.refCount(x.dataId) > 1) tf.tidy(() => x.assign(tf.mul(x, 1)));
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
