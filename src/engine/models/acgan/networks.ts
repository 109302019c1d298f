import * as tf from '@tensorflow/tfjs-core';
import { dcganDepth, normalDense, normalizedActivation } from '../../nn/dcganBlocks';
import { conv2d, conv2dTranspose } from '../../nn/layers';
import type { ParamStore } from '../../nn/params';
import type { AcganConfig } from './config';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** D's two heads on one pass through its body. */
export interface Verdict {
  /** Logits of "real" [n]. */
  logits: tf.Tensor1D;
  /** Logits of the class [n, classes]. */
  classLogits: tf.Tensor2D;
}

export interface AcganNetworks {
  /** z [n, latent] and one-hot classes [n, classes] → images [n, h, w, c] in [−1, 1]. */
  generate(z: tf.Tensor2D, y: tf.Tensor2D, training: boolean): tf.Tensor4D;
  /** Images in [−1, 1] → D's verdict, real/fake and class. */
  discriminate(x: tf.Tensor4D, training: boolean): Verdict;
}

/** Feature maps from the smallest map outwards: width·2^(L−1), …, width·2, width. */
function featureMaps(c: AcganConfig, layers: number): number[] {
  return Array.from({ length: layers }, (_, i) => c.width * 2 ** (layers - 1 - i));
}

/**
 * DCGAN's generator on [z, one-hot y] (Odena et al. feed the class to G the same way): project to
 * base×base×(width·2^(L−1)) with batch-norm and ReLU, then 4×4 stride-2 transposed convs with batch-norm
 * and ReLU, the last to the image with tanh.
 */
function generator(params: ParamStore, c: AcganConfig, shape: ImageShape) {
  const { layers, base } = dcganDepth(shape.height);
  const maps = featureMaps(c, layers);
  const conv = { kernelSize: 4, strides: 2, padding: 'same' as const, initStd: c.initStd };
  const project = normalDense(params, 'generator/project', c.latentDim + c.classes, base * base * maps[0], c.initStd, false);
  const projectOut = normalizedActivation(params, 'generator/project', maps[0], true, 'relu');
  const ups = maps.slice(1).map((ch, i) => ({
    deconv: conv2dTranspose(params, `generator/deconv${i}`, maps[i], ch, { ...conv, bias: false }),
    out: normalizedActivation(params, `generator/deconv${i}`, ch, true, 'relu'),
  }));
  const toImage = conv2dTranspose(params, 'generator/to_image', maps[layers - 1], shape.channels, { ...conv, activation: 'tanh' });
  return (z: tf.Tensor2D, y: tf.Tensor2D, training: boolean): tf.Tensor4D => {
    const projected = tf.reshape(project(tf.concat([z, y], 1)), [z.shape[0], base, base, maps[0]]);
    let h = projectOut(projected, training) as tf.Tensor4D;
    for (const up of ups) h = up.out(up.deconv(h), training) as tf.Tensor4D;
    return toImage(h);
  };
}

/**
 * DCGAN's discriminator body (4×4 stride-2 convs, LeakyReLU 0.2, batch-norm on all but the first) with two
 * dense heads on its last feature map: one logit of "real" and the auxiliary classifier's class logits.
 */
function discriminator(params: ParamStore, c: AcganConfig, shape: ImageShape) {
  const { layers, base } = dcganDepth(shape.height);
  const maps = featureMaps(c, layers).reverse();
  const conv = { kernelSize: 4, strides: 2, padding: 'same' as const, initStd: c.initStd };
  const downs = maps.map((ch, i) => ({
    conv: conv2d(params, `discriminator/conv${i}`, i === 0 ? shape.channels : maps[i - 1], ch, { ...conv, bias: i === 0 }),
    out: normalizedActivation(params, `discriminator/conv${i}`, ch, i > 0, 'leakyRelu'),
  }));
  const flatUnits = base * base * maps[layers - 1];
  const toLogit = normalDense(params, 'discriminator/logit', flatUnits, 1, c.initStd, true);
  const toClass = normalDense(params, 'discriminator/class', flatUnits, c.classes, c.initStd, true);
  return (x: tf.Tensor4D, training: boolean): Verdict => {
    const n = x.shape[0];
    let h = x;
    for (const down of downs) h = down.out(down.conv(h), training) as tf.Tensor4D;
    const features = tf.reshape(h, [n, flatUnits]) as tf.Tensor2D;
    return { logits: tf.reshape(toLogit(features), [n]), classLogits: toClass(features) };
  };
}

export function buildAcganNetworks(params: ParamStore, c: AcganConfig, shape: ImageShape): AcganNetworks {
  if (shape.height !== shape.width) throw new Error(`AC-GAN needs square images, got ${shape.height}×${shape.width}`);
  if (dcganDepth(shape.height).layers < 1) throw new Error(`AC-GAN needs an even image side above 4, got ${shape.height}`);
  return { generate: generator(params, c, shape), discriminate: discriminator(params, c, shape) };
}
