import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../util/rng';
import type { InfoganConfig } from './config';

/**
 * The generator's input, one row per image: [z (noiseDim), one-hot c₁ (categories), c₂, c₃, … (continuousCodes)].
 * Q's targets are read back from the same rows, so input and targets cannot disagree.
 */

type CodeSizes = Pick<InfoganConfig, 'noiseDim' | 'categories' | 'continuousCodes'>;

export function inputWidth(c: CodeSizes): number {
  return c.noiseDim + c.categories + c.continuousCodes;
}

/** Rows from each image's noise (n × noiseDim), category and continuous codes (n × continuousCodes). */
export function codeRows(c: CodeSizes, noise: Float32Array, categories: ArrayLike<number>, continuous: Float32Array): Float32Array {
  const n = categories.length;
  const width = inputWidth(c);
  const rows = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const row = i * width;
    rows.set(noise.subarray(i * c.noiseDim, (i + 1) * c.noiseDim), row);
    rows[row + c.noiseDim + categories[i]] = 1;
    rows.set(continuous.subarray(i * c.continuousCodes, (i + 1) * c.continuousCodes), row + c.noiseDim + c.categories);
  }
  return rows;
}

/** n draws from the prior: z ~ N(0, I), c₁ ~ Cat(1/K), each continuous code ~ U(−1, 1). */
export function priorRows(c: CodeSizes, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const noise = rng.normalArray(n * c.noiseDim);
  const categories = Uint32Array.from({ length: n }, () => rng.int(c.categories));
  return codeRows(c, noise, categories, rng.uniformArray(n * c.continuousCodes, -1, 1));
}

export function priorInput(c: CodeSizes, n: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(priorRows(c, n, seed), [n, inputWidth(c)]);
}

/** The parts of a batch of generator inputs that Q must recover: the one-hot c₁ and the continuous codes. */
export function codeTargets(c: CodeSizes, input: tf.Tensor2D): { categories: tf.Tensor2D; continuous: tf.Tensor2D } {
  const n = input.shape[0];
  return {
    categories: tf.slice(input, [0, c.noiseDim], [n, c.categories]),
    continuous: tf.slice(input, [0, c.noiseDim + c.categories], [n, c.continuousCodes]),
  };
}

/**
 * The traversal of continuous code `code` (0 for c₂): one row per category, in `rowOrder`, and `steps` columns
 * with the code evenly from −2 to 2; one z for the whole grid and the other continuous codes at 0, so that only
 * c₁ changes down a column and only the swept code along a row.
 */
export function traversalRows(c: InfoganConfig, code: number, rowOrder: readonly number[], seed: number): Float32Array {
  const noise = new Rng(seed).normalArray(c.noiseDim);
  const steps = c.traversalSteps;
  const n = rowOrder.length * steps;
  const categories = Uint32Array.from({ length: n }, (_, i) => rowOrder[Math.floor(i / steps)]);
  const continuous = new Float32Array(n * c.continuousCodes);
  for (let i = 0; i < n; i++) continuous[i * c.continuousCodes + code] = -2 + (4 * (i % steps)) / (steps - 1);
  return codeRows(c, tileRow(noise, n), categories, continuous);
}

/** The fixed-noise grid: one row per category, in `rowOrder`; column j has the same z and continuous codes in every row. */
export function sampleGridRows(c: InfoganConfig, rowOrder: readonly number[], seed: number): Float32Array {
  const cols = c.samplesPerCategory;
  const rng = new Rng(seed);
  const columnNoise = rng.normalArray(cols * c.noiseDim);
  const columnCodes = rng.uniformArray(cols * c.continuousCodes, -1, 1);
  const n = rowOrder.length * cols;
  const noise = new Float32Array(n * c.noiseDim);
  const continuous = new Float32Array(n * c.continuousCodes);
  for (let i = 0; i < n; i++) {
    const j = i % cols;
    noise.set(columnNoise.subarray(j * c.noiseDim, (j + 1) * c.noiseDim), i * c.noiseDim);
    continuous.set(columnCodes.subarray(j * c.continuousCodes, (j + 1) * c.continuousCodes), i * c.continuousCodes);
  }
  return codeRows(c, noise, Uint32Array.from({ length: n }, (_, i) => rowOrder[Math.floor(i / cols)]), continuous);
}

/** `row` repeated n times. */
function tileRow(row: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * row.length);
  for (let i = 0; i < n; i++) out.set(row, i * row.length);
  return out;
}
