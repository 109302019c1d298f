import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { normalizeByBatch } from '../../src/engine/nn/batchNormTraining';
import { selectBackend } from '../../src/engine/backend/select';

/** tfjs's own batch norm with batch statistics, differentiated by autodiff: the reference. */
function reference(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

// Both backends: the per-channel means take a different op on wasm (an average pool) than elsewhere.
for (const backend of ['cpu', 'wasm'] as const) describe(`batch norm with batch statistics (written-out gradient), ${backend}`, () => {
  before(() => selectBackend(backend));
  after(() => selectBackend('cpu'));

  it('matches tfjs batchNorm in value, statistics and gradients for x, γ and β', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([6, 5, 4, 3], 2, 3, 'float32', 1);
      const gamma = tf.randomNormal([3], 1, 0.3, 'float32', 2) as tf.Tensor1D;
      const beta = tf.randomNormal([3], 0, 1, 'float32', 3) as tf.Tensor1D;
      // A loss that weighs every output differently, so the gradient in x is not zero.
      const weights = tf.randomNormal([6, 5, 4, 3], 0, 1, 'float32', 4);
      let stats: tf.Tensor1D[] = [];
      const ours = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(normalizeByBatch(a, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5, (m, v) => (stats = [tf.keep(m), tf.keep(v)])), weights));
      const theirs = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a, g as tf.Tensor1D, b as tf.Tensor1D), weights));

      assert.ok(maxDiff(ours(x, gamma, beta), theirs(x, gamma, beta)) < 1e-4);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      assert.ok(maxDiff(stats[0], mean) < 1e-5 && maxDiff(stats[1], variance) < 1e-4);
      const got = tf.grads(ours)([x, gamma, beta]);
      const want = tf.grads(theirs)([x, gamma, beta]);
      for (let i = 0; i < 3; i++) {
        assert.ok(maxDiff(got[i], want[i]) < 1e-4 * Math.max(1, maxAbs(want[i])), `gradient ${i}: ${maxDiff(got[i], want[i])}`);
      }
    });
  });
});
