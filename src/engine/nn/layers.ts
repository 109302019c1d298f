import * as tf from '@tensorflow/tfjs-core';
import { normalizeByBatch } from './batchNormTraining';
import type { ParamStore } from './params';

/** Small functional layers over a ParamStore: parameters are created once, applied many times. */

export type Activation = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh' | 'linear';

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, 0.2);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'linear':
      return x;
  }
}

export interface Dense {
  (x: tf.Tensor2D): tf.Tensor2D;
}

/** y = act(x W + b), Glorot-uniform W, zero b. */
export function dense(params: ParamStore, name: string, inputs: number, units: number, activation: Activation = 'linear'): Dense {
  const w = params.glorot(`${name}/kernel`, [inputs, units], inputs, units);
  const b = params.constant(`${name}/bias`, [units], 0);
  return (x) => activate(tf.add(tf.matMul(x, w), b), activation) as tf.Tensor2D;
}

export interface ConvOptions {
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
  activation?: Activation;
  bias?: boolean;
  /** Kernel init: Glorot uniform by default, or N(0, std) (DCGAN). */
  initStd?: number;
}

function kernel(params: ParamStore, name: string, shape: [number, number, number, number], fanIn: number, fanOut: number, std?: number) {
  return std !== undefined ? params.normal(name, shape, std) : params.glorot(name, shape, fanIn, fanOut);
}

export function conv2d(params: ParamStore, name: string, inChannels: number, filters: number, o: ConvOptions) {
  const k = o.kernelSize;
  const w = kernel(params, `${name}/kernel`, [k, k, inChannels, filters], k * k * inChannels, k * k * filters, o.initStd);
  const b = o.bias === false ? null : params.constant(`${name}/bias`, [filters], 0);
  return (x: tf.Tensor4D): tf.Tensor4D => {
    let y: tf.Tensor4D = tf.conv2d(x, w as tf.Tensor4D, o.strides, o.padding);
    if (b) y = tf.add(y, b);
    return activate(y, o.activation ?? 'linear') as tf.Tensor4D;
  };
}

/** Transposed convolution ("deconvolution"): output side = input side × strides for 'same'. */
export function conv2dTranspose(params: ParamStore, name: string, inChannels: number, filters: number, o: ConvOptions) {
  const k = o.kernelSize;
  // tfjs expects the transposed kernel as [k, k, outChannels, inChannels].
  const w = kernel(params, `${name}/kernel`, [k, k, filters, inChannels], k * k * inChannels, k * k * filters, o.initStd);
  const b = o.bias === false ? null : params.constant(`${name}/bias`, [filters], 0);
  return (x: tf.Tensor4D): tf.Tensor4D => {
    const [n, h, wIn] = x.shape;
    const outH = o.padding === 'same' ? h * o.strides : (h - 1) * o.strides + k;
    const outW = o.padding === 'same' ? wIn * o.strides : (wIn - 1) * o.strides + k;
    let y = tf.conv2dTranspose(x, w as tf.Tensor4D, [n, outH, outW, filters], o.strides, o.padding);
    if (b) y = tf.add(y, b);
    return activate(y, o.activation ?? 'linear') as tf.Tensor4D;
  };
}

/**
 * Batch normalization over all axes but the last. In training it normalizes with the batch's
 * statistics and updates the moving averages; otherwise it uses the moving averages.
 */
/** Batch-norm's ε: also what an exported network must use. */
export const BATCH_NORM_EPSILON = 1e-5;

export function batchNorm(params: ParamStore, name: string, channels: number, momentum = 0.9, epsilon = BATCH_NORM_EPSILON) {
  const gamma = params.normal(`${name}/gamma`, [channels], 0.02, 1, false);
  const beta = params.constant(`${name}/beta`, [channels], 0);
  const movingMean = params.constant(`${name}/moving_mean`, [channels], 0, false);
  const movingVar = params.constant(`${name}/moving_variance`, [channels], 1, false);
  return (x: tf.Tensor, training: boolean): tf.Tensor => {
    if (!training) return tf.batchNorm(x, movingMean, movingVar, beta, gamma, epsilon);
    return normalizeByBatch(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, epsilon, (mean, variance) => {
      // Moving statistics are state updated beside the step; the loss never reads them in training.
      tf.tidy(() => {
        movingMean.assign(tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)));
        movingVar.assign(tf.add(tf.mul(movingVar, momentum), tf.mul(variance, 1 - momentum)));
      });
    });
  };
}

/** Dense layers through `widths` (the input width, then each layer's units), named `${prefix}0`, `${prefix}1`, …: an MLP's hidden part. */
export function denseStack(params: ParamStore, prefix: string, widths: readonly number[], activation: Activation): Dense {
  const layers = widths.slice(1).map((units, i) => dense(params, `${prefix}${i}`, widths[i], units, activation));
  return (x) => layers.reduce((h, layer) => layer(h), x);
}
