import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { strict as assert } from 'node:assert';
import { discriminatorLoss, generatorLoss, sigmoidCrossEntropy } from '../../src/engine/nn/ganLosses';

const value = (t: tf.Scalar) => {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
};
const close = (actual: number, expected: number, tol = 1e-5) =>
  assert.ok(Math.abs(actual - expected) < tol, `${actual} is not ${expected}`);

// Hand-computed with D = sigmoid(l): softplus(0) = ln 2 = 0.693147, softplus(−2) = 0.126928,
// softplus(−1) = 0.313262, softplus(1) = 1.313262, softplus(2) = 2.126928.
describe('GAN losses', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });
  const real = () => tf.tensor1d([0, 2]);
  const fake = () => tf.tensor1d([0, -1]);

  it('discriminator: −mean log D(x) − mean log(1 − D(G(z)))', () => {
    // real: (ln 2 + 0.126928)/2 = 0.410038; fake: (ln 2 + 0.313262)/2 = 0.503204
    close(value(discriminatorLoss(real(), fake())), 0.913242);
  });

  it('one-sided label smoothing softens only the real targets', () => {
    // real at target 0.9: l=0 → ln 2; l=2 → 0.9·0.126928 + 0.1·2.126928 = 0.326928; mean 0.510038
    close(value(discriminatorLoss(real(), fake(), 0.9)), 0.510038 + 0.503204);
    close(value(sigmoidCrossEntropy(tf.tensor1d([2]), 0.9)), 0.326928);
  });

  it('generator, minimax: mean log(1 − D(G(z)))', () => {
    // log(1 − ½) = −0.693147, log(1 − sigmoid(−1)) = −0.313262
    close(value(generatorLoss(fake(), 'minimax')), -0.503204);
  });

  it('generator, non-saturating: −mean log D(G(z))', () => {
    // −log ½ = 0.693147, −log sigmoid(−1) = 1.313262
    close(value(generatorLoss(fake(), 'non-saturating')), 1.003204);
  });

  it('where D rejects fakes confidently, only the non-saturating loss gives G a gradient', () => {
    const rejected = tf.tensor1d([-6]); // D(G(z)) = 0.00247
    const grad = (kind: 'minimax' | 'non-saturating') => tf.grad((l: tf.Tensor) => generatorLoss(l, kind))(rejected).dataSync()[0];
    close(grad('minimax'), -0.0024726, 1e-6); // −D
    close(grad('non-saturating'), -0.9975274, 1e-6); // −(1 − D)
    rejected.dispose();
  });
});
