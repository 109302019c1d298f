import * as tf from '@tensorflow/tfjs-core';
import { sliceBatch, type ImageSet } from '../data/dataset';
import { CLASSIFIER_FEATURES, CLASSIFIER_SIDE, classify, type ClassifierWeights } from './classifierNetwork';

/** Images per forward pass: ~6 MB of activations at the widest layer. */
const READ_BATCH = 500;

/** What the classifier makes of `count` images: penultimate features (count × 128, row-major) and argmax classes. */
export interface ClassifierReadout {
  features: Float32Array;
  predictions: Uint8Array;
  count: number;
}

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * Whether the classifier can read images of this shape: 28×28 grey as they are, 32×32 grey (MNIST padded for
 * conv models) with its 2-pixel border cropped off; any other shape it was not trained on.
 */
export function readableShape({ height, width, channels }: ImageShape): boolean {
  return channels === 1 && height === width && (height === CLASSIFIER_SIDE || height === CLASSIFIER_SIDE + 4);
}

/** Images [n, h, w, 1] as the classifier's 28×28 input. */
function toClassifierInput(x: tf.Tensor4D): tf.Tensor4D {
  const border = (x.shape[1] - CLASSIFIER_SIDE) / 2;
  return border === 0 ? x : tf.slice(x, [0, border, border, 0], [x.shape[0], CLASSIFIER_SIDE, CLASSIFIER_SIDE, 1]);
}

/** Runs the classifier over `count` images, `batch(start, n)` making each slice (disposed here). */
async function readBatches(weights: ClassifierWeights, count: number, batch: (start: number, n: number) => tf.Tensor4D): Promise<ClassifierReadout> {
  const features = new Float32Array(count * CLASSIFIER_FEATURES);
  const predictions = new Uint8Array(count);
  for (let start = 0; start < count; start += READ_BATCH) {
    const n = Math.min(READ_BATCH, count - start);
    const [f, p] = tf.tidy(() => {
      const { features: out, logits } = classify(weights, toClassifierInput(batch(start, n)));
      return [out, tf.argMax(logits, 1)];
    });
    features.set(await f.data() as Float32Array, start * CLASSIFIER_FEATURES);
    predictions.set(await p.data(), start);
    tf.dispose([f, p]);
  }
  return { features, predictions, count };
}

/** The classifier's readout of generated images: `count` × shape floats in [0, 1], row-major NHWC. */
export function readImages(weights: ClassifierWeights, images: Float32Array, count: number, shape: ImageShape): Promise<ClassifierReadout> {
  const size = shape.height * shape.width * shape.channels;
  if (images.length !== count * size) throw new Error(`${images.length} pixel values for ${count} images of ${shape.height}×${shape.width}×${shape.channels}`);
  return readBatches(weights, count, (start, n) =>
    tf.tensor4d(images.subarray(start * size, (start + n) * size), [n, shape.height, shape.width, shape.channels]));
}

/** The classifier's readout of a data set's images (e.g. the test set), with its labels beside. */
export function readImageSet(weights: ClassifierWeights, set: ImageSet): Promise<ClassifierReadout> {
  return readBatches(weights, set.count, (start, n) => sliceBatch(set, start, n).x);
}
