import * as tf from '@tensorflow/tfjs-core';
import type { DataSplits } from '../data/dataset';
import { Rng } from '../util/rng';

/** What label-conditioned models (the conditional VAE, AC-GAN) share: one-hot classes and the class grid's layout. */

/** Labels as one-hot rows [n, classes]. */
export function oneHotLabels(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes), 'float32') as tf.Tensor2D);
}

/** Refuses a data set with a label outside [0, classes), naming the model and the label. */
export function requireLabelsBelow(data: DataSplits, classes: number, noun: string): void {
  for (const [split, set] of [['training', data.train], ['test', data.test]] as const) {
    const largest = set.labels.reduce((most, label) => Math.max(most, label), 0);
    if (largest >= classes) {
      throw new Error(`${noun}: the ${split} set has label ${largest}, but model.classes is ${classes} (labels must be 0–${classes - 1})`);
    }
  }
}

/** The class each of `n` images is asked to be when all classes should appear equally: 0, 1, …, classes − 1, 0, … */
export function cyclingLabels(n: number, classes: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i % classes);
}

/**
 * The class grid, row-major: one row per class, `perClass` columns, and one noise vector per column shared
 * by every row, so that what the noise holds (a digit's style) stays fixed down a column and only the class
 * changes. Returns the labels [classes·perClass] and the noise [classes·perClass, dim].
 */
export function classGrid(classes: number, perClass: number, dim: number, seed: number): { labels: Uint8Array; noise: Float32Array } {
  const columns = new Rng(seed).normalArray(perClass * dim);
  const noise = new Float32Array(classes * perClass * dim);
  for (let row = 0; row < classes; row++) noise.set(columns, row * perClass * dim);
  const labels = Uint8Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
  return { labels, noise };
}
