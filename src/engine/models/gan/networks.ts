import * as tf from '@tensorflow/tfjs-core';
import { dcganDepth, minibatchStdDev, normalDense, normalizedActivation } from '../../nn/dcganBlocks';
import { activate, BATCH_NORM_EPSILON, conv2d, conv2dTranspose } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { ExportLayer } from '../../export/network';
import type { GanConfig } from './config';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export interface GanNetworks {
  /** z [n, latent] → images [n, h, w, c] in [−1, 1]. `training` picks batch statistics over moving averages. */
  generate(z: tf.Tensor2D, training: boolean): tf.Tensor4D;
  /** images [n, h, w, c] in [−1, 1] → logits of D [n]. */
  discriminate(x: tf.Tensor4D, training: boolean): tf.Tensor1D;
}

/**
 * Radford et al.'s DCGAN. Generator: project z to base×base×(width·2^(L−1)) — the paper's
 * "project and reshape", the same as its 4×4 transposed conv of a 1×1 input — then 4×4 stride-2
 * transposed convs halving the channels, batch-norm and ReLU, to the image with tanh. Discriminator:
 * the mirror with 4×4 stride-2 convs, LeakyReLU 0.2, batch-norm on all but the first, then a dense
 * layer to one logit (the paper's final 4×4 valid conv), optionally fed the minibatch standard deviation too.
 */
function dcganNetworks(params: ParamStore, c: GanConfig, shape: ImageShape): GanNetworks {
  if (shape.height !== shape.width) throw new Error(`DCGAN needs square images, got ${shape.height}×${shape.width}`);
  const { layers, base } = dcganDepth(shape.height);
  if (layers < 1) throw new Error(`DCGAN needs an even image side above 4, got ${shape.height}`);
  const std = c.initStd;
  const conv = { kernelSize: 4, strides: 2, padding: 'same' as const, initStd: std };
  // Channels from the smallest feature map outwards: width·2^(L−1), …, width·2, width.
  const channels = Array.from({ length: layers }, (_, i) => c.width * 2 ** (layers - 1 - i));
  const baseUnits = base * base * channels[0];

  const project = normalDense(params, 'generator/project', c.latentDim, baseUnits, std, !c.batchNorm);
  const projectOut = normalizedActivation(params, 'generator/project', channels[0], c.batchNorm, 'relu');
  const ups = channels.slice(1).map((ch, i) => ({
    deconv: conv2dTranspose(params, `generator/deconv${i}`, channels[i], ch, { ...conv, bias: !c.batchNorm }),
    out: normalizedActivation(params, `generator/deconv${i}`, ch, c.batchNorm, 'relu'),
  }));
  const toImage = conv2dTranspose(params, 'generator/to_image', channels[layers - 1], shape.channels, { ...conv, activation: 'tanh' });

  const reversed = [...channels].reverse();
  const downs = reversed.map((ch, i) => ({
    conv: conv2d(params, `discriminator/conv${i}`, i === 0 ? shape.channels : reversed[i - 1], ch, { ...conv, bias: i === 0 || !c.batchNorm }),
    out: normalizedActivation(params, `discriminator/conv${i}`, ch, c.batchNorm && i > 0, 'leakyRelu'),
  }));
  const logitInputs = baseUnits + (c.minibatchStdDev ? 1 : 0);
  const toLogit = normalDense(params, 'discriminator/logit', logitInputs, 1, std, true);

  return {
    generate(z, training) {
      const projected = tf.reshape(project(z), [z.shape[0], base, base, channels[0]]);
      let h = projectOut(projected, training) as tf.Tensor4D;
      for (const up of ups) h = up.out(up.deconv(h), training) as tf.Tensor4D;
      return toImage(h);
    },
    discriminate(x, training) {
      let h = x;
      for (const down of downs) h = down.out(down.conv(h), training) as tf.Tensor4D;
      let features = tf.reshape(h, [x.shape[0], baseUnits]) as tf.Tensor2D;
      if (c.minibatchStdDev) features = tf.concat([features, minibatchStdDev(features)], 1);
      return tf.reshape(toLogit(features), [x.shape[0]]) as tf.Tensor1D;
    },
  };
}

/** Goodfellow et al.'s setting with dense layers: ReLU generator to tanh pixels, LeakyReLU discriminator. */
function mlpNetworks(params: ParamStore, c: GanConfig, shape: ImageShape): GanNetworks {
  const pixels = shape.height * shape.width * shape.channels;
  const std = c.initStd;
  const gWidths = [c.latentDim, ...c.hidden];
  const gLayers = c.hidden.map((units, i) => ({
    dense: normalDense(params, `generator/dense${i}`, gWidths[i], units, std, !c.batchNorm),
    out: normalizedActivation(params, `generator/dense${i}`, units, c.batchNorm, 'relu'),
  }));
  const toPixels = normalDense(params, 'generator/to_image', c.hidden[c.hidden.length - 1], pixels, std, true);
  const dHidden = [...c.hidden].reverse();
  const dWidths = [pixels, ...dHidden];
  const dLayers = dHidden.map((units, i) => normalDense(params, `discriminator/dense${i}`, dWidths[i], units, std, true));
  const logitInputs = dHidden[dHidden.length - 1] + (c.minibatchStdDev ? 1 : 0);
  const toLogit = normalDense(params, 'discriminator/logit', logitInputs, 1, std, true);
  return {
    generate(z, training) {
      let h: tf.Tensor2D = z;
      for (const layer of gLayers) h = layer.out(layer.dense(h), training) as tf.Tensor2D;
      return tf.reshape(tf.tanh(toPixels(h)), [z.shape[0], shape.height, shape.width, shape.channels]) as tf.Tensor4D;
    },
    discriminate(x) {
      let h = tf.reshape(x, [x.shape[0], pixels]) as tf.Tensor2D;
      for (const layer of dLayers) h = activate(layer(h), 'leakyRelu') as tf.Tensor2D;
      if (c.minibatchStdDev) h = tf.concat([h, minibatchStdDev(h)], 1);
      return tf.reshape(toLogit(h), [x.shape[0]]) as tf.Tensor1D;
    },
  };
}

export function buildGanNetworks(params: ParamStore, c: GanConfig, shape: ImageShape): GanNetworks {
  return c.architecture === 'dcgan' ? dcganNetworks(params, c, shape) : mlpNetworks(params, c, shape);
}

/** The generator as an export layer chain: z → image [h, w, c] in [−1, 1], batch-norm with its moving statistics. */
export function ganGeneratorLayers(c: GanConfig, shape: ImageShape): ExportLayer[] {
  const norm = (name: string): ExportLayer[] => c.batchNorm
    ? [{ kind: 'batchNorm', gamma: `${name}/bn/gamma`, beta: `${name}/bn/beta`, mean: `${name}/bn/moving_mean`,
      variance: `${name}/bn/moving_variance`, epsilon: BATCH_NORM_EPSILON }]
    : [];
  const bias = (name: string) => (c.batchNorm ? {} : { bias: `${name}/bias` });
  const relu: ExportLayer = { kind: 'activation', fn: 'relu' };
  if (c.architecture !== 'dcgan') {
    return [...c.hidden.flatMap((_, i): ExportLayer[] => [
      { kind: 'dense', kernel: `generator/dense${i}/kernel`, ...bias(`generator/dense${i}`) }, ...norm(`generator/dense${i}`), relu]),
    { kind: 'dense', kernel: 'generator/to_image/kernel', bias: 'generator/to_image/bias' }, { kind: 'activation', fn: 'tanh' },
    { kind: 'reshape', shape: [shape.height, shape.width, shape.channels] }];
  }
  const { layers, base } = dcganDepth(shape.height);
  const channels = Array.from({ length: layers }, (_, i) => c.width * 2 ** (layers - 1 - i));
  const deconv = (name: string, filters: number, withBias: boolean): ExportLayer =>
    ({ kind: 'conv2dTranspose', kernel: `${name}/kernel`, ...(withBias ? { bias: `${name}/bias` } : {}), kernelSize: 4, strides: 2, filters });
  return [
    { kind: 'dense', kernel: 'generator/project/kernel', ...bias('generator/project') },
    { kind: 'reshape', shape: [base, base, channels[0]] }, ...norm('generator/project'), relu,
    ...channels.slice(1).flatMap((ch, i): ExportLayer[] => [deconv(`generator/deconv${i}`, ch, !c.batchNorm), ...norm(`generator/deconv${i}`), relu]),
    deconv('generator/to_image', shape.channels, true), { kind: 'activation', fn: 'tanh' },
  ];
}
