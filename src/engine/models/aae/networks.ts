import * as tf from '@tensorflow/tfjs-core';
import { dense, denseStack } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { AaeConfig } from './config';

export interface AaeNetworks {
  /** x [n, h, w, c] → z [n, latent]: a deterministic encoder (the paper's first choice of q(z|x)). */
  encode(x: tf.Tensor4D): tf.Tensor2D;
  /** z [n, latent] → logits [n, h·w·c] of the Bernoulli p(x|z). */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** z [n, latent] (with the one-hot label beside it in the supervised AAE) → logit of "drawn from the prior" [n, 1]. */
  discriminate(z: tf.Tensor2D, labels: tf.Tensor2D | null): tf.Tensor2D;
}

/**
 * MLP encoder and mirrored decoder (ReLU), and an MLP discriminator on z. Names start with `encoder/`, `decoder/`
 * and `discriminator/`, so each phase's optimizer takes its own variables by prefix.
 */
export function buildAaeNetworks(params: ParamStore, c: AaeConfig, pixels: number): AaeNetworks {
  const encoderHidden = denseStack(params, 'encoder/dense', [pixels, ...c.hidden], 'relu');
  const toZ = dense(params, 'encoder/z', c.hidden[c.hidden.length - 1], c.latentDim);
  const decoderWidths = [c.latentDim, ...[...c.hidden].reverse()];
  const decoderHidden = denseStack(params, 'decoder/dense', decoderWidths, 'relu');
  const toLogits = dense(params, 'decoder/logits', decoderWidths[decoderWidths.length - 1], pixels);
  const discriminatorInputs = c.latentDim + (c.supervised ? c.classes : 0);
  const discriminatorHidden = denseStack(params, 'discriminator/dense', [discriminatorInputs, ...c.discriminatorHidden], 'relu');
  const toVerdict = dense(params, 'discriminator/logit', c.discriminatorHidden[c.discriminatorHidden.length - 1], 1);
  return {
    encode: (x) => toZ(encoderHidden(tf.reshape(x, [x.shape[0], pixels]) as tf.Tensor2D)),
    decode: (z) => toLogits(decoderHidden(z)),
    discriminate: (z, labels) => toVerdict(discriminatorHidden(labels ? tf.concat([z, labels], 1) : z)),
  };
}
