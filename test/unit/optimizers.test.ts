import * as tf from '@tensorflow/tfjs-core';
import { strict as assert } from 'node:assert';
import { makeOptimizer, setEpochLearningRate } from '../../src/engine/nn/optimizers';
import { latestCheckpoint, restoreCheckpoint, saveCheckpoint } from '../../src/engine/runs/checkpoint';
import { useCpuBackend } from './helpers/tfCpu';
import { useTempDir } from './helpers/tmp';

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

describe('optimizer state through a checkpoint', () => {
  const tmp = useTempDir();
  const settings = { learningRate: 0.05, beta1: 0.9, beta2: 0.999 };
  const start = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 2);
  let target: tf.Tensor1D;
  before(async () => {
    await useCpuBackend();
    target = tf.tensor1d(Float32Array.from({ length: 64 }, (_, i) => Math.cos(i)));
  });
  after(() => target.dispose());
  let serial = 0;

  /** `steps` steps of a quartic loss (gradients that change every step) on a fresh or given weight. */
  function trainSteps(optimizer: tf.Optimizer, w: tf.Variable, steps: number): void {
    for (let i = 0; i < steps; i++) {
      tf.dispose(optimizer.minimize(() => tf.sum(tf.pow(tf.sub(w, target), 4)) as tf.Scalar, false, [w]) ?? []);
    }
  }

  for (const type of ['adam', 'sgd', 'rmsprop'] as const) {
    it(`${type}: saved after 37 steps and restored into a new optimizer, 40 more steps equal an uninterrupted run bit for bit`, async () => {
      const reference = tf.variable(tf.tensor1d(start), true, `w${serial++}`);
      const uninterrupted = makeOptimizer({ type, ...settings });
      trainSteps(uninterrupted, reference, 77);

      const w = tf.variable(tf.tensor1d(start), true, `w${serial++}`);
      const before = makeOptimizer({ type, ...settings });
      trainSteps(before, w, 37);
      const position = { epoch: 1, step: 37, globalStep: 37, epochSums: {}, epochCount: 0 };
      await saveCheckpoint(tmp.path, { variables: { w }, optimizers: { o: before } }, position);
      const resumedW = tf.variable(tf.zerosLike(w), true, `w${serial++}`);
      const after = makeOptimizer({ type, ...settings });
      await restoreCheckpoint(latestCheckpoint(tmp.path)!, { variables: { w: resumedW }, optimizers: { o: after } });
      trainSteps(after, resumedW, 40);
      assert.deepEqual(Array.from(resumedW.dataSync()), Array.from(reference.dataSync()));
      tf.dispose([reference, w, resumedW]);
      [uninterrupted, before, after].forEach((o) => o.dispose());
    });
  }
});
