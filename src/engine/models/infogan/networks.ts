import * as tf from '@tensorflow/tfjs-core';
import { dcganDepth, normalDense, normalizedActivation } from '../../nn/dcganBlocks';
import { conv2d, conv2dTranspose } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { InfoganConfig } from './config';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** What the shared body of D and Q says about a batch of images. */
export interface Critique {
  /** D's logits of "real" [n]. */
  logits: tf.Tensor1D;
  /** Q's logits of the categorical code [n, K]. */
  categoryLogits: tf.Tensor2D;
  /** Q's means of the continuous codes [n, continuousCodes] (unit variance). */
  codeMeans: tf.Tensor2D;
}

export interface InfoganNetworks {
  /** The generator's input [n, noise + K + continuous] → images [n, h, w, c] in [−1, 1]. */
  generate(input: tf.Tensor2D, training: boolean): tf.Tensor4D;
  /** Images in [−1, 1] → D's verdict and Q's reading of the codes, from one pass through the shared body. */
  critique(x: tf.Tensor4D, training: boolean): Critique;
}

/** Feature maps from the smallest map outwards: width·2^(L−1), …, width·2, width. */
function featureMaps(c: InfoganConfig, layers: number): number[] {
  return Array.from({ length: layers }, (_, i) => c.width * 2 ** (layers - 1 - i));
}

/**
 * Chen et al.'s MNIST generator (their appendix C.1), sized by width and hidden: dense `hidden` → dense
 * base×base×(width·2^(L−1)), each with batch-norm and ReLU, then 4×4 stride-2 transposed convs with
 * batch-norm and ReLU, the last to the image with tanh.
 */
function generator(params: ParamStore, c: InfoganConfig, shape: ImageShape, inputs: number) {
  const { layers, base } = dcganDepth(shape.height);
  const maps = featureMaps(c, layers);
  const conv = { kernelSize: 4, strides: 2, padding: 'same' as const, initStd: c.initStd };
  const baseUnits = base * base * maps[0];
  const dense0 = normalDense(params, 'generator/dense0', inputs, c.hidden, c.initStd, false);
  const dense0Out = normalizedActivation(params, 'generator/dense0', c.hidden, true, 'relu');
  const project = normalDense(params, 'generator/project', c.hidden, baseUnits, c.initStd, false);
  const projectOut = normalizedActivation(params, 'generator/project', maps[0], true, 'relu');
  const ups = maps.slice(1).map((ch, i) => ({
    deconv: conv2dTranspose(params, `generator/deconv${i}`, maps[i], ch, { ...conv, bias: false }),
    out: normalizedActivation(params, `generator/deconv${i}`, ch, true, 'relu'),
  }));
  const toImage = conv2dTranspose(params, 'generator/to_image', maps[layers - 1], shape.channels, { ...conv, activation: 'tanh' });
  return (input: tf.Tensor2D, training: boolean): tf.Tensor4D => {
    const h0 = dense0Out(dense0(input), training) as tf.Tensor2D;
    let h = projectOut(tf.reshape(project(h0), [input.shape[0], base, base, maps[0]]), training) as tf.Tensor4D;
    for (const up of ups) h = up.out(up.deconv(h), training) as tf.Tensor4D;
    return toImage(h);
  };
}

/**
 * D and Q share their body, as in the paper (Q costs one small head): 4×4 stride-2 convs with LeakyReLU
 * 0.2 and batch-norm on all but the first, then dense `hidden` with batch-norm and LeakyReLU. D's head is
 * one logit; Q's is dense `qHidden` (batch-norm, LeakyReLU) to the categorical logits and continuous means.
 */
function critic(params: ParamStore, c: InfoganConfig, shape: ImageShape) {
  const { layers, base } = dcganDepth(shape.height);
  const maps = featureMaps(c, layers).reverse();
  const conv = { kernelSize: 4, strides: 2, padding: 'same' as const, initStd: c.initStd };
  const downs = maps.map((ch, i) => ({
    conv: conv2d(params, `discriminator/conv${i}`, i === 0 ? shape.channels : maps[i - 1], ch, { ...conv, bias: i === 0 }),
    out: normalizedActivation(params, `discriminator/conv${i}`, ch, i > 0, 'leakyRelu'),
  }));
  const flatUnits = base * base * maps[layers - 1];
  const body = normalDense(params, 'discriminator/dense', flatUnits, c.hidden, c.initStd, false);
  const bodyOut = normalizedActivation(params, 'discriminator/dense', c.hidden, true, 'leakyRelu');
  const toLogit = normalDense(params, 'discriminator/logit', c.hidden, 1, c.initStd, true);
  const q = normalDense(params, 'discriminator/q/dense', c.hidden, c.qHidden, c.initStd, false);
  const qOut = normalizedActivation(params, 'discriminator/q/dense', c.qHidden, true, 'leakyRelu');
  const toCodes = normalDense(params, 'discriminator/q/codes', c.qHidden, c.categories + c.continuousCodes, c.initStd, true);
  return (x: tf.Tensor4D, training: boolean): Critique => {
    const n = x.shape[0];
    let h = x;
    for (const down of downs) h = down.out(down.conv(h), training) as tf.Tensor4D;
    const features = bodyOut(body(tf.reshape(h, [n, flatUnits])), training) as tf.Tensor2D;
    const codes = toCodes(qOut(q(features), training) as tf.Tensor2D);
    return {
      logits: tf.reshape(toLogit(features), [n]),
      categoryLogits: tf.slice(codes, [0, 0], [n, c.categories]),
      codeMeans: tf.slice(codes, [0, c.categories], [n, c.continuousCodes]),
    };
  };
}

export function buildInfoganNetworks(params: ParamStore, c: InfoganConfig, shape: ImageShape): InfoganNetworks {
  if (shape.height !== shape.width) throw new Error(`InfoGAN needs square images, got ${shape.height}×${shape.width}`);
  if (dcganDepth(shape.height).layers < 1) throw new Error(`InfoGAN needs an even image side above 4, got ${shape.height}`);
  return { generate: generator(params, c, shape, c.noiseDim + c.categories + c.continuousCodes), critique: critic(params, c, shape) };
}
