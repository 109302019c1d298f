import * as tf from '@tensorflow/tfjs-core';
import { dense, denseStack } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { ExportLayer } from '../../export/network';
import type { CategoricalVaeConfig } from './config';

export interface CategoricalVaeNetworks {
  /** x [n, h, w, c] → logits of q(z|x), [n, N, K]. */
  encode(x: tf.Tensor4D): tf.Tensor3D;
  /** (relaxed) one-hot codes [n, N, K] → pixel logits [n, h·w·c]. */
  decode(z: tf.Tensor3D): tf.Tensor2D;
}

/** Jang et al.'s MLPs: 784-512-256-(N·K) encoder and the mirror image as decoder, ReLU. */
export function buildCategoricalVaeNetworks(params: ParamStore, c: CategoricalVaeConfig, pixels: number): CategoricalVaeNetworks {
  const code = c.categoricals * c.classes;
  const encoderHidden = denseStack(params, 'encoder/dense', [pixels, ...c.hidden], 'relu');
  const toLogits = dense(params, 'encoder/logits', c.hidden[c.hidden.length - 1], code);
  const decoderWidths = [code, ...[...c.hidden].reverse()];
  const decoderHidden = denseStack(params, 'decoder/dense', decoderWidths, 'relu');
  const toPixels = dense(params, 'decoder/logits', decoderWidths[decoderWidths.length - 1], pixels);
  return {
    encode(x) {
      const h = encoderHidden(tf.reshape(x, [x.shape[0], pixels]) as tf.Tensor2D);
      return tf.reshape(toLogits(h), [x.shape[0], c.categoricals, c.classes]);
    },
    decode(z) {
      return toPixels(decoderHidden(tf.reshape(z, [z.shape[0], code]) as tf.Tensor2D));
    },
  };
}

/** The decoder as an export layer chain: one-hot codes [N, K] → pixel probabilities [h, w, c]. */
export function categoricalDecoderLayers(c: CategoricalVaeConfig, image: number[]): ExportLayer[] {
  return [{ kind: 'reshape', shape: [c.categoricals * c.classes] },
    ...c.hidden.flatMap((_, i): ExportLayer[] => [
      { kind: 'dense', kernel: `decoder/dense${i}/kernel`, bias: `decoder/dense${i}/bias` }, { kind: 'activation', fn: 'relu' }]),
    { kind: 'dense', kernel: 'decoder/logits/kernel', bias: 'decoder/logits/bias' }, { kind: 'activation', fn: 'sigmoid' },
    { kind: 'reshape', shape: image }];
}
