import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { bceFromLogits, bceFromProbabilities, gaussianKl, sumSquaredError } from '../../src/engine/nn/vaeLosses';

const close = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('VAE loss terms', () => {
  before(() => tf.setBackend('cpu'));

  it('BCE from logits equals −Σ x log σ(l) + (1−x) log(1−σ(l)), computed by hand', () => {
    const x = [[1, 0, 0.5]];
    const l = [[2, -1, 0.3]];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = -[0, 1, 2].reduce((s, i) => s + x[0][i] * Math.log(sig(l[0][i])) + (1 - x[0][i]) * Math.log(1 - sig(l[0][i])), 0);
    close(bceFromLogits(tf.tensor2d(x), tf.tensor2d(l)).dataSync()[0], expected);
    close(bceFromProbabilities(tf.tensor2d(x), tf.sigmoid(tf.tensor2d(l)) as tf.Tensor2D).dataSync()[0], expected);
  });

  it('BCE from logits stays finite where probabilities saturate', () => {
    const v = bceFromLogits(tf.tensor2d([[1, 0]]), tf.tensor2d([[-200, 200]])).dataSync()[0];
    close(v, 400);
  });

  it('KL(N(μ, σ²) ‖ N(0, 1)) matches the closed form by hand and is 0 at the prior', () => {
    const mu = 0.5;
    const logVar = Math.log(2);
    const expected = 2 * (0.5 * (mu * mu + Math.exp(logVar) - 1 - logVar));
    close(gaussianKl(tf.tensor2d([[mu, mu]]), tf.tensor2d([[logVar, logVar]])).dataSync()[0], expected);
    close(gaussianKl(tf.zeros([1, 3]) as tf.Tensor2D, tf.zeros([1, 3]) as tf.Tensor2D).dataSync()[0], 0);
  });

  it('sums squared error over pixels per example', () => {
    assert.deepEqual([...sumSquaredError(tf.tensor2d([[1, 0], [0, 0]]), tf.tensor2d([[0.5, 0.5], [0, 1]])).dataSync()], [0.5, 1]);
  });
});
