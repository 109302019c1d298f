import * as tf from '@tensorflow/tfjs-core';

/**
 * Which pixels a masked convolution may read (van den Oord et al. 2016): those above the centre and, on the
 * centre row, those left of it; type A also excludes the centre itself (the first layer, which must not
 * see the pixel it predicts), type B includes it (later layers, whose centre holds features of pixels
 * strictly before it). Binary images have one channel, so the mask is spatial only.
 */
export type MaskType = 'A' | 'B';

/** The k×k mask, row-major: 1 where the kernel may read, 0 elsewhere. `k` is odd. */
export function causalMask(k: number, type: MaskType): Float32Array {
  if (k % 2 !== 1) throw new Error(`a masked convolution needs an odd kernel size, got ${k}`);
  const centre = (k - 1) / 2;
  const mask = new Float32Array(k * k);
  for (let row = 0; row < k; row++) {
    for (let col = 0; col < k; col++) {
      const before = row < centre || (row === centre && col < centre);
      const atCentre = row === centre && col === centre;
      mask[row * k + col] = before || (type === 'B' && atCentre) ? 1 : 0;
    }
  }
  return mask;
}

/** The mask as a [k, k, 1, 1] tensor, which broadcasts over a [k, k, in, out] kernel. */
export function causalMaskTensor(k: number, type: MaskType): tf.Tensor4D {
  return tf.tensor4d(causalMask(k, type), [k, k, 1, 1]);
}
