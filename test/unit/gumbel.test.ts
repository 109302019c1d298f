import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { gumbelSoftmax, sampleGumbel } from '../../src/engine/ops/gumbel';
import { temperatureAt } from '../../src/engine/ops/temperatureSchedule';
import { useCpuBackend } from './helpers/tfCpu';

/** Pearson's χ² statistic of observed counts against expected probabilities. */
function chiSquare(counts: number[], probs: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((s, c, k) => s + (c - n * probs[k]) ** 2 / (n * probs[k]), 0);
}

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

describe('Gumbel-softmax', () => {
  before(useCpuBackend);

  const logits = [1, 0.5, -1, 2, 0];
  const rows = 20000;
  const tiled = () => tf.tile(tf.tensor2d([logits]), [rows, 1]);

  it('Gumbel noise has the Gumbel(0, 1) mean (Euler–Mascheroni γ) and variance π²/6', () => {
    const values = Array.from(sampleGumbel([100000], 3).dataSync());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    assert.ok(Math.abs(mean - 0.5772) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(variance - Math.PI ** 2 / 6) < 0.05, `variance ${variance}`);
  });

  it('argmax frequencies match softmax(logits): χ² below the 1% critical value (4 dof: 13.28)', () => {
    const y = gumbelSoftmax(tiled(), 1, false, 42);
    const winners = tf.argMax(y, -1).dataSync();
    const counts = new Array(logits.length).fill(0);
    for (const k of winners) counts[k]++;
    const statistic = chiSquare(counts, softmax(logits));
    assert.ok(statistic < 13.28, `χ² = ${statistic}, counts ${counts}`);
    // The same counts are far from a wrong distribution, so the test can fail.
    assert.ok(chiSquare(counts, new Array(logits.length).fill(1 / logits.length)) > 1000);
  });

  it('soft samples approach one-hot as τ → 0', () => {
    const meanMax = (tau: number) => tf.tidy(() => tf.mean(tf.max(gumbelSoftmax(tiled(), tau, false, 7), -1)).dataSync()[0]);
    const [m1, m01, m001] = [meanMax(1), meanMax(0.1), meanMax(0.01)];
    assert.ok(m1 < m01 && m01 < m001, `mean max ${m1}, ${m01}, ${m001}`);
    assert.ok(m1 < 0.9, `τ = 1 is far from one-hot (mean max ${m1})`);
    assert.ok(m001 > 0.99, `τ = 0.01 mean max ${m001}`);
  });

  it('hard: the forward value is the one-hot of the soft sample\'s argmax', () => {
    const x = tf.tensor2d([[0.3, -0.2, 1.1], [2, 0, -1], [0, 0, 0], [-1, 3, 0.5]]);
    const hard = gumbelSoftmax(x, 0.7, true, 5);
    const soft = gumbelSoftmax(x, 0.7, false, 5);
    const expected = tf.oneHot(tf.argMax(soft, -1), 3);
    assert.deepEqual(Array.from(hard.dataSync()), Array.from(expected.dataSync()));
  });

  it('hard: the gradient with respect to the logits equals the soft sample\'s gradient', () => {
    const x = tf.tensor2d([[0.3, -0.2, 1.1], [2, 0, -1]]);
    const weights = tf.tensor2d([[1, -2, 0.5], [0.25, 3, -1]]);
    const gradOf = (hard: boolean) => tf.grad((l: tf.Tensor) => tf.sum(tf.mul(gumbelSoftmax(l, 0.5, hard, 9), weights)))(x);
    const gHard = Array.from(gradOf(true).dataSync());
    const gSoft = Array.from(gradOf(false).dataSync());
    assert.ok(gSoft.some((g) => Math.abs(g) > 1e-3), 'the soft gradient is not trivially zero');
    gHard.forEach((g, i) => assert.ok(Math.abs(g - gSoft[i]) < 1e-6, `grad[${i}] ${g} vs ${gSoft[i]}`));
  });

  it('the same seed gives the same sample', () => {
    const a = gumbelSoftmax(tf.tensor2d([logits]), 1, false, 123).dataSync();
    const b = gumbelSoftmax(tf.tensor2d([logits]), 1, false, 123).dataSync();
    assert.deepEqual(Array.from(a), Array.from(b));
  });
});

describe('temperature schedules', () => {
  it('constant stays put', () => {
    assert.equal(temperatureAt({ type: 'constant', value: 0.7 }, 123456), 0.7);
  });

  it('exponential: τ0·exp(−r·t) with t stepping every N, floored at τ_min', () => {
    const s = { type: 'exponential' as const, initial: 1, min: 0.5, rate: 1e-4, everySteps: 500 };
    assert.equal(temperatureAt(s, 0), 1);
    assert.equal(temperatureAt(s, 499), 1);
    assert.ok(Math.abs(temperatureAt(s, 500) - Math.exp(-0.05)) < 1e-12);
    assert.ok(Math.abs(temperatureAt(s, 1999) - Math.exp(-0.15)) < 1e-12);
    assert.equal(temperatureAt(s, 1_000_000), 0.5);
  });
});
