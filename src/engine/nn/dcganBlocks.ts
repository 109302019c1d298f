import * as tf from '@tensorflow/tfjs-core';
import { activate, batchNorm, type Activation } from './layers';
import type { ParamStore } from './params';

/** Building blocks of DCGAN-style networks (Radford et al. 2015), shared by the GAN-family models. */

/** Dense layer with N(0, std) weights, as DCGAN initializes every layer. */
export function normalDense(params: ParamStore, name: string, inputs: number, units: number, std: number, bias: boolean) {
  const w = params.normal(`${name}/kernel`, [inputs, units], std);
  const b = bias ? params.constant(`${name}/bias`, [units], 0) : null;
  return (x: tf.Tensor2D): tf.Tensor2D => (b ? tf.add(tf.matMul(x, w), b) : tf.matMul(x, w)) as tf.Tensor2D;
}

/** A layer followed by optional batch-norm and an activation; no bias where batch-norm's β replaces it. */
export type Normalized = (x: tf.Tensor, training: boolean) => tf.Tensor;
export function normalizedActivation(params: ParamStore, name: string, channels: number, useBatchNorm: boolean, activation: Activation): Normalized {
  const norm = useBatchNorm ? batchNorm(params, `${name}/bn`, channels) : null;
  return (x, training) => activate(norm ? norm(x, training) : x, activation);
}

/**
 * How many stride-2 layers take the image down to its smallest side: halve while the side stays
 * even and above 4. 64 → 4 (four), 32 → 4 (three), 28 → 7 (two).
 */
export function dcganDepth(side: number): { layers: number; base: number } {
  let layers = 0;
  let base = side;
  while (base % 2 === 0 && base > 4) {
    base /= 2;
    layers++;
  }
  return { layers, base };
}

/**
 * Karras et al.'s (2018) minibatch standard deviation, as one extra feature for D's last layer:
 * each feature's standard deviation across the batch, averaged over all features, the same value
 * for every image [n, 1]. A collapsed generator makes batches of near twins; without this D sees
 * one image at a time and cannot tell a varied batch of fakes from a repeated one, so nothing in
 * the game pushes G apart. With it, a batch less varied than real ones is itself a tell.
 */
export function minibatchStdDev(features: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const { variance } = tf.moments(features, 0);
    const spread = tf.mean(tf.sqrt(tf.add(variance, 1e-8)));
    return tf.mul(tf.ones([features.shape[0], 1]), spread) as tf.Tensor2D;
  });
}
