import * as tf from '@tensorflow/tfjs-core';

/** One batch of a data set, as a tensor [n, h, w, c] in [0, 1] (or {0, 1} when binarized). */
export interface Batch {
  x: tf.Tensor4D;
  labels: Uint8Array;
  size: number;
}

/** Images as 8-bit values (a quarter of the memory of floats); batches are scaled to [0, 1] on the way out. */
export interface ImageSet {
  /** count × height × width × channels bytes, row-major, NHWC. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

export interface DataSplits {
  /** e.g. `mnist`, `image-folder:/data/faces`. */
  source: string;
  train: ImageSet;
  test: ImageSet;
  /** Files that could not be used (corrupt, unreadable, too small). */
  skipped: number;
  /** Human-readable notes: binarization, skipped file names. */
  detail?: string;
}

export function pixelsPerImage(set: ImageSet): number {
  return set.height * set.width * set.channels;
}

/** Keeps the first `n` images of a set (for quick runs and tests). */
export function takeFirst(set: ImageSet, n: number | undefined): ImageSet {
  if (n === undefined || n >= set.count) return set;
  const size = pixelsPerImage(set);
  return { ...set, pixels: set.pixels.subarray(0, n * size), labels: set.labels.subarray(0, n), count: n };
}

/** The images at `indices` as a float batch in [0, 1]. */
export function gatherBatch(set: ImageSet, indices: ArrayLike<number>): Batch {
  const size = pixelsPerImage(set);
  const n = indices.length;
  const values = new Float32Array(n * size);
  const labels = new Uint8Array(n);
  const scale = 1 / 255;
  for (let b = 0; b < n; b++) {
    const src = indices[b] * size;
    const dst = b * size;
    for (let i = 0; i < size; i++) values[dst + i] = set.pixels[src + i] * scale;
    labels[b] = set.labels[indices[b]];
  }
  return { x: tf.tensor4d(values, [n, set.height, set.width, set.channels]), labels, size: n };
}

/** Contiguous images [start, start + n) in order, e.g. for evaluation. */
export function sliceBatch(set: ImageSet, start: number, n: number): Batch {
  const count = Math.max(0, Math.min(n, set.count - start));
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = start + i;
  return gatherBatch(set, indices);
}

/** Number of batches in one pass; the last one may be smaller. */
export function batchesPerEpoch(set: ImageSet, batchSize: number): number {
  return Math.ceil(set.count / batchSize);
}
