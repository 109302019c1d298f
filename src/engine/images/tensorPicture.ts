import type * as tf from '@tensorflow/tfjs-core';
import { tileImages, type Picture } from './picture';

/**
 * Reads a batch of images in [0, 1] (NHWC, shaped like `set`'s) off the device, disposes it and tiles it,
 * `cols` per row: how every model turns decoded or generated tensors into a picture.
 */
export async function tensorPicture(images: tf.Tensor, set: { height: number; width: number; channels: number }, cols: number, pad?: number): Promise<Picture> {
  const values = (await images.data()) as Float32Array;
  const n = images.shape[0];
  images.dispose();
  return tileImages(values, n, set.height, set.width, set.channels as 1 | 3, cols, pad);
}
