import * as tf from '@tensorflow/tfjs-core';
import type { ParamStore } from '../../nn/params';
import { causalMaskTensor, type MaskType } from './masks';
import type { PixelCnnConfig } from './config';

/** The sizes of a PixelCNN that its network needs (a subset of the model's config). */
export type PixelCnnShape = Pick<PixelCnnConfig, 'channels' | 'layers' | 'firstKernel' | 'kernelSize' | 'residual'>;

/** One conv's weights read back from the device: kernel [k, k, in, out] row-major (unmasked), bias [out]. */
export interface ConvWeights {
  k: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/** A PixelCNN's weights read back from the device, for the sampler (./sampler.ts). */
export interface PixelCnnWeights {
  shape: PixelCnnShape;
  /** The type-A conv, then the `layers` type-B convs. */
  masked: ConvWeights[];
  head: ConvWeights;
  out: ConvWeights;
}

/**
 * A PixelCNN over one-channel binary images: a type-A masked conv, `layers` type-B masked convs (each
 * pre-activated, h ← h + conv(relu(h)) when residual), then ReLU, a 1×1 conv, ReLU and a 1×1 conv to one
 * logit of p(x_i = 1 | x_<i) per pixel.
 */
export interface PixelCnnNetwork {
  /** Logits [n, h, w, 1] of the conditionals at every pixel of x [n, h, w, 1]. */
  logits(x: tf.Tensor4D): tf.Tensor4D;
  /** The weights as plain arrays, for sampling one pixel at a time off the device. */
  read(): Promise<PixelCnnWeights>;
  /** Frees the masks (the weights belong to the ParamStore). */
  dispose(): void;
}

interface Conv {
  k: number;
  kernel: tf.Variable;
  bias: tf.Variable;
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/** A conv whose kernel is multiplied by a fixed causal mask on every application, so gradients never reach what it hides. */
function maskedConv(params: ParamStore, name: string, k: number, inChannels: number, outChannels: number, type: MaskType): Conv & { mask: tf.Tensor4D } {
  // Glorot over the taps the mask keeps: about half the kernel.
  const taps = Math.max(1, Math.floor((k * k) / 2));
  const kernel = params.glorot(`${name}/kernel`, [k, k, inChannels, outChannels], taps * inChannels, taps * outChannels);
  const bias = params.constant(`${name}/bias`, [outChannels], 0);
  const mask = causalMaskTensor(k, type);
  const apply = (x: tf.Tensor4D): tf.Tensor4D => tf.add(tf.conv2d(x, tf.mul(kernel, mask) as tf.Tensor4D, 1, 'same'), bias);
  return { k, kernel, bias, apply, mask };
}

/** A 1×1 conv: per pixel, so it needs no mask. */
function pointwise(params: ParamStore, name: string, inChannels: number, outChannels: number): Conv {
  const kernel = params.glorot(`${name}/kernel`, [1, 1, inChannels, outChannels], inChannels, outChannels);
  const bias = params.constant(`${name}/bias`, [outChannels], 0);
  return { k: 1, kernel, bias, apply: (x: tf.Tensor4D): tf.Tensor4D => tf.add(tf.conv2d(x, kernel as tf.Tensor4D, 1, 'same'), bias) };
}

async function readConv(conv: Conv): Promise<ConvWeights> {
  const [kernel, bias] = await Promise.all([conv.kernel.data() as Promise<Float32Array>, conv.bias.data() as Promise<Float32Array>]);
  return { k: conv.k, kernel, bias };
}

/** Creates the weights (named `pixelcnn/…`) in `params`; `outputBias` starts the logits at the data's mean. */
export function buildPixelCnn(params: ParamStore, s: PixelCnnShape, outputBias = 0): PixelCnnNetwork {
  const c = s.channels;
  const first = maskedConv(params, 'pixelcnn/conv0', s.firstKernel, 1, c, 'A');
  const hidden = Array.from({ length: s.layers }, (_, i) => maskedConv(params, `pixelcnn/conv${i + 1}`, s.kernelSize, c, c, 'B'));
  const head = pointwise(params, 'pixelcnn/head', c, c);
  const out = pointwise(params, 'pixelcnn/out', c, 1);
  tf.tidy(() => out.bias.assign(tf.fill([1], outputBias)));
  const logits = (x: tf.Tensor4D): tf.Tensor4D => tf.tidy(() => {
    let h = first.apply(x);
    for (const layer of hidden) {
      const update = layer.apply(tf.relu(h));
      h = s.residual ? tf.add(h, update) : update;
    }
    return out.apply(tf.relu(head.apply(tf.relu(h))));
  });
  const read = async (): Promise<PixelCnnWeights> => ({
    shape: { ...s },
    masked: await Promise.all([first, ...hidden].map(readConv)),
    head: await readConv(head),
    out: await readConv(out),
  });
  return { logits, read, dispose: () => tf.dispose([first.mask, ...hidden.map((layer) => layer.mask)]) };
}
