import * as tf from '@tensorflow/tfjs-core';
import { strict as assert } from 'node:assert';
import { makeOptimizer, setEpochLearningRate } from '../../src/engine/nn/optimizers';
import { useCpuBackend } from './helpers/tfCpu';

/** One step on v = 1 with gradient 1; returns how far v moved. */
function stepSize(optimizer: tf.Optimizer): number {
  const v = tf.variable(tf.scalar(1), true, `v${Math.random()}`);
  optimizer.applyGradients({ [v.name]: tf.scalar(1) });
  const moved = 1 - v.dataSync()[0];
  v.dispose();
  return moved;
}

describe('learning-rate decay', () => {
  before(useCpuBackend);
  const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999 };

  for (const type of ['sgd', 'adam', 'rmsprop'] as const) {
    it(`${type}: epoch e steps with learningRate × decay^(e−1), always from the base rate`, () => {
      const optimizer = makeOptimizer({ type, ...settings });
      const reference = makeOptimizer({ type, ...settings, learningRate: 0.1 * 0.5 ** 2 });
      assert.equal(setEpochLearningRate(optimizer, 3, 0.5), 0.025);
      // Setting a later epoch again scales the base rate, not the already scaled one.
      setEpochLearningRate(optimizer, 2, 0.5);
      setEpochLearningRate(optimizer, 3, 0.5);
      const [moved, expected] = [stepSize(optimizer), stepSize(reference)];
      assert.ok(expected > 0.001, `reference step ${expected}`);
      assert.ok(Math.abs(moved - expected) < 1e-6, `moved ${moved}, expected ${expected}`);
      optimizer.dispose();
      reference.dispose();
    });
  }

  it('a decay of 1 keeps the rate', () => {
    const optimizer = makeOptimizer({ type: 'adam', ...settings });
    assert.equal(setEpochLearningRate(optimizer, 7, 1), 0.1);
    optimizer.dispose();
  });
});
