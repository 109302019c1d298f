import type * as tf from '@tensorflow/tfjs-core';

/** Images per pass when a model draws its quality samples: memory stays bounded whatever their number. */
const CHUNK = 500;

/**
 * `n` images of `pixels` values each, made CHUNK at a time by `make(start, count)` (a tensor of `count` images in
 * [0, 1], disposed here), as one row-major array: what `qualitySamples` returns.
 */
export async function imagesInChunks(n: number, pixels: number, make: (start: number, count: number) => tf.Tensor): Promise<Float32Array> {
  const images = new Float32Array(n * pixels);
  for (let start = 0; start < n; start += CHUNK) {
    const batch = make(start, Math.min(CHUNK, n - start));
    images.set((await batch.data()) as Float32Array, start * pixels);
    batch.dispose();
  }
  return images;
}
