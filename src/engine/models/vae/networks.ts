import * as tf from '@tensorflow/tfjs-core';
import { conv2d, conv2dTranspose, dense, denseStack } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { ExportLayer } from '../../export/network';
import type { VaeConfig } from './config';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export interface VaeNetworks {
  /** x [n, h, w, c] → mean and log-variance of q(z|x), each [n, latent]. */
  encode(x: tf.Tensor4D): { mean: tf.Tensor2D; logVar: tf.Tensor2D };
  /** z [n, latent] → logits [n, h·w·c]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
}

/** The Keras MNIST VAE: dense encoder (ReLU) to μ and log σ², mirrored dense decoder to logits. */
function mlpNetworks(params: ParamStore, c: VaeConfig, shape: ImageShape): VaeNetworks {
  const inputs = shape.height * shape.width * shape.channels;
  const encoderHidden = denseStack(params, 'encoder/dense', [inputs, ...c.hidden], 'relu');
  const last = c.hidden[c.hidden.length - 1];
  const toMean = dense(params, 'encoder/z_mean', last, c.latentDim);
  const toLogVar = dense(params, 'encoder/z_log_var', last, c.latentDim);
  const decoderWidths = [c.latentDim, ...[...c.hidden].reverse()];
  const decoderHidden = denseStack(params, 'decoder/dense', decoderWidths, 'relu');
  const toLogits = dense(params, 'decoder/logits', decoderWidths[decoderWidths.length - 1], inputs);
  return {
    encode(x) {
      const h = encoderHidden(tf.reshape(x, [x.shape[0], inputs]) as tf.Tensor2D);
      return { mean: toMean(h), logVar: toLogVar(h) };
    },
    decode(z) {
      return toLogits(decoderHidden(z));
    },
  };
}

/** Stride-2 conv encoder and transposed-conv decoder (the Keras conv VAE layout). */
function convNetworks(params: ParamStore, c: VaeConfig, shape: ImageShape): VaeNetworks {
  const factor = 2 ** c.convFilters.length;
  if (shape.height % factor !== 0 || shape.width % factor !== 0) {
    throw new Error(`model.convFilters: ${c.convFilters.length} stride-2 layers need image sides divisible by ${factor}, ` +
      `got ${shape.height}×${shape.width} (try data.padTo32 or fewer layers)`);
  }
  const inner = { h: shape.height / factor, w: shape.width / factor, c: c.convFilters[c.convFilters.length - 1] };
  const flat = inner.h * inner.w * inner.c;
  const hiddenUnits = c.hidden[c.hidden.length - 1];
  const channels = [shape.channels, ...c.convFilters];
  const encoderConvs = c.convFilters.map((f, i) =>
    conv2d(params, `encoder/conv${i}`, channels[i], f, { kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  const encoderDense = dense(params, 'encoder/dense', flat, hiddenUnits, 'relu');
  const toMean = dense(params, 'encoder/z_mean', hiddenUnits, c.latentDim);
  const toLogVar = dense(params, 'encoder/z_log_var', hiddenUnits, c.latentDim);
  const fromZ = dense(params, 'decoder/dense', c.latentDim, flat, 'relu');
  const reversed = [...c.convFilters].reverse();
  const decoderConvs = reversed.map((f, i) =>
    conv2dTranspose(params, `decoder/deconv${i}`, i === 0 ? inner.c : reversed[i - 1], f,
      { kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }));
  const toLogits = conv2dTranspose(params, 'decoder/logits', reversed[reversed.length - 1], shape.channels,
    { kernelSize: 3, strides: 1, padding: 'same' });
  const pixels = shape.height * shape.width * shape.channels;
  return {
    encode(x) {
      let h = x;
      for (const conv of encoderConvs) h = conv(h);
      const d = encoderDense(tf.reshape(h, [x.shape[0], flat]) as tf.Tensor2D);
      return { mean: toMean(d), logVar: toLogVar(d) };
    },
    decode(z) {
      let h = tf.reshape(fromZ(z), [z.shape[0], inner.h, inner.w, inner.c]) as tf.Tensor4D;
      for (const deconv of decoderConvs) h = deconv(h);
      return tf.reshape(toLogits(h), [z.shape[0], pixels]) as tf.Tensor2D;
    },
  };
}

export function buildVaeNetworks(params: ParamStore, c: VaeConfig, shape: ImageShape): VaeNetworks {
  return c.architecture === 'conv' ? convNetworks(params, c, shape) : mlpNetworks(params, c, shape);
}

/** The decoder as an export layer chain: z → pixel probabilities [h, w, c] (the logits through a sigmoid). */
export function vaeDecoderLayers(c: VaeConfig, shape: ImageShape): ExportLayer[] {
  const image = [shape.height, shape.width, shape.channels];
  const denseRelu = (name: string): ExportLayer[] =>
    [{ kind: 'dense', kernel: `${name}/kernel`, bias: `${name}/bias` }, { kind: 'activation', fn: 'relu' }];
  if (c.architecture !== 'conv') {
    return [...c.hidden.flatMap((_, i) => denseRelu(`decoder/dense${i}`)),
      { kind: 'dense', kernel: 'decoder/logits/kernel', bias: 'decoder/logits/bias' },
      { kind: 'activation', fn: 'sigmoid' }, { kind: 'reshape', shape: image }];
  }
  const factor = 2 ** c.convFilters.length;
  const reversed = [...c.convFilters].reverse();
  const deconv = (name: string, filters: number, strides: number): ExportLayer =>
    ({ kind: 'conv2dTranspose', kernel: `${name}/kernel`, bias: `${name}/bias`, kernelSize: 3, strides, filters });
  return [...denseRelu('decoder/dense'),
    { kind: 'reshape', shape: [shape.height / factor, shape.width / factor, reversed[0]] },
    ...reversed.flatMap((f, i): ExportLayer[] => [deconv(`decoder/deconv${i}`, f, 2), { kind: 'activation', fn: 'relu' }]),
    deconv('decoder/logits', shape.channels, 1), { kind: 'activation', fn: 'sigmoid' }];
}

/** The encoder as an export layer chain: pixels [h, w, c] → [μ, log σ²] (2 × latentDim), the heads joined as `encoder/z`. */
export function vaeEncoderLayers(c: VaeConfig, shape: ImageShape): ExportLayer[] {
  const pixels = shape.height * shape.width * shape.channels;
  const heads: ExportLayer = { kind: 'dense', kernel: 'encoder/z/kernel', bias: 'encoder/z/bias' };
  const relu: ExportLayer = { kind: 'activation', fn: 'relu' };
  if (c.architecture !== 'conv') {
    return [{ kind: 'reshape', shape: [pixels] },
      ...c.hidden.flatMap((_, i): ExportLayer[] => [{ kind: 'dense', kernel: `encoder/dense${i}/kernel`, bias: `encoder/dense${i}/bias` }, relu]), heads];
  }
  const factor = 2 ** c.convFilters.length;
  const flat = (shape.height / factor) * (shape.width / factor) * c.convFilters[c.convFilters.length - 1];
  return [...c.convFilters.flatMap((filters, i): ExportLayer[] =>
    [{ kind: 'conv2d', kernel: `encoder/conv${i}/kernel`, bias: `encoder/conv${i}/bias`, kernelSize: 3, strides: 2, filters }, relu]),
  { kind: 'reshape', shape: [flat] }, { kind: 'dense', kernel: 'encoder/dense/kernel', bias: 'encoder/dense/bias' }, relu, heads];
}
