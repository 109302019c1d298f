import * as tf from '@tensorflow/tfjs-core';
import { dense, denseStack } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { CvaeConfig } from './config';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export interface CvaeNetworks {
  /** x [n, h, w, c] and one-hot y [n, classes] → mean and log-variance of q(z|x, y), each [n, latent]. */
  encode(x: tf.Tensor4D, y: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D };
  /** z [n, latent] and one-hot y [n, classes] → logits of p(x|z, y) [n, h·w·c]. */
  decode(z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D;
}

/**
 * The VAE's dense encoder and decoder, each with the one-hot label concatenated to its input: [pixels, y] →
 * hidden (ReLU) → μ, log σ²; [z, y] → hidden reversed (ReLU) → pixel logits.
 */
export function buildCvaeNetworks(params: ParamStore, c: CvaeConfig, shape: ImageShape): CvaeNetworks {
  const pixels = shape.height * shape.width * shape.channels;
  const encoderHidden = denseStack(params, 'encoder/dense', [pixels + c.classes, ...c.hidden], 'relu');
  const last = c.hidden[c.hidden.length - 1];
  const toMean = dense(params, 'encoder/z_mean', last, c.latentDim);
  const toLogVar = dense(params, 'encoder/z_log_var', last, c.latentDim);
  const decoderWidths = [c.latentDim + c.classes, ...[...c.hidden].reverse()];
  const decoderHidden = denseStack(params, 'decoder/dense', decoderWidths, 'relu');
  const toLogits = dense(params, 'decoder/logits', decoderWidths[decoderWidths.length - 1], pixels);
  return {
    encode(x, y) {
      const h = encoderHidden(tf.concat([tf.reshape(x, [x.shape[0], pixels]) as tf.Tensor2D, y], 1));
      return { mean: toMean(h), logVar: toLogVar(h) };
    },
    decode(z, y) {
      return toLogits(decoderHidden(tf.concat([z, y], 1)));
    },
  };
}
