import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { DataSplits } from '../../src/engine/data/dataset';
import { classGrid } from '../../src/engine/models/classConditioning';
import { modelFactory } from '../../src/engine/models/factories';
import type { GenerativeModel } from '../../src/engine/models/model';
import { BAR_CLASSES, BAR_SIDE, barSet, onBar, pictureOf, stepMetrics } from './helpers/modelSteps';
import { useCpuBackend } from './helpers/tfCpu';

const SIDE = BAR_SIDE;
const CLASSES = BAR_CLASSES;

const MODEL = { type: 'cvae', classes: CLASSES, hidden: [32], latentDim: 2, samplesPerClass: 4, manifoldSize: 3 };

function config(model: Record<string, unknown> = {}) {
  return parseConfig(JSON.stringify({ model: { ...MODEL, ...model }, data: { source: 'mnist' },
    training: { batchSize: 12, seed: 4, optimizer: { learningRate: 1e-2 } } }), 'test.genlab.json');
}

const step = (model: GenerativeModel, data: DataSplits, globalStep: number) => stepMetrics(model, data.train, globalStep, 12, 50);


describe('conditional VAE', () => {
  before(useCpuBackend);
  const data: DataSplits = { source: 'bars', train: barSet(48, 1), test: barSet(24, 2), skipped: 0 };

  it('trains without leaking tensors; its views are a class grid (a row per class), reconstructions, per-class manifolds', async () => {
    const c = config();
    const model = await modelFactory('cvae').create({ model: c.model, config: c, data });
    try {
      const first = step(model, data, 0);
      assert.deepEqual(Object.keys(first).sort(), ['kl', 'loss', 'reconstruction']);
      const before = tf.memory().numTensors;
      for (let s = 1; s < 5; s++) step(model, data, s);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked across steps');
      const metrics = await model.evaluate(1, 0);
      assert.ok(Number.isFinite(metrics.testNegElbo) && metrics.testKl >= 0, JSON.stringify(metrics));
      assert.ok(Math.abs(metrics.testNegElbo - metrics.testReconstruction - metrics.testKl) < 1e-9);
      const artifacts = await model.artifacts(1, 0);
      assert.deepEqual(artifacts.map((a) => a.name), ['class-grid', 'reconstructions', 'class-manifold']);
      // 3 rows (classes) × 4 columns (z draws) of 8×8 images, 2-pixel gaps.
      const grid = pictureOf(artifacts[0]);
      assert.deepEqual([grid.width, grid.height], [4 * SIDE + 5 * 2, CLASSES * SIDE + (CLASSES + 1) * 2]);
      // Each class's 3×3 manifold (24×24 without gaps), the three side by side 8 pixels apart.
      const manifolds = pictureOf(artifacts[2]);
      assert.deepEqual([manifolds.width, manifolds.height], [3 * 24 + 4 * 8, 24 + 2 * 8]);
      const quality = await model.qualitySamples!(7, 3);
      assert.deepEqual(Array.from(quality.labels!), [0, 1, 2, 0, 1, 2, 0]);
      assert.equal(quality.images.length, 7 * SIDE * SIDE);
      assert.ok(quality.images.every((v) => v >= 0 && v <= 1));
      assert.equal(tf.memory().numTensors, before, 'tensors leaked by evaluate, artifacts or qualitySamples');
    } finally {
      model.dispose();
    }
  });

  it('the label conditions the decoder: for the same z, the image asked to be class k shows class k\'s bar', async () => {
    const c = config();
    const model = await modelFactory('cvae').create({ model: c.model, config: c, data });
    try {
      for (let s = 0; s < 150; s++) step(model, data, s);
      // qualitySamples draws a fresh z per image; with z of 2 and classes in turn, the label is what decides.
      const { images, labels } = await model.qualitySamples!(30, 9);
      const pixels = SIDE * SIDE;
      let matched = 0;
      for (let i = 0; i < 30; i++) {
        const distance = (k: number) => Array.from({ length: pixels }, (_, p) => Math.abs(images[i * pixels + p] - (onBar(k, p) ? 1 : 0)))
          .reduce((a, b) => a + b, 0);
        const nearest = [0, 1, 2].reduce((best, k) => (distance(k) < distance(best) ? k : best), 0);
        if (nearest === labels![i]) matched++;
      }
      assert.equal(matched, 30, `${matched} of 30 samples show the bar of the class they were asked for`);
    } finally {
      model.dispose();
    }
  });

  it('refuses a data set with a label at or above model.classes', async () => {
    const c = config({ classes: 2 });
    await assert.rejects(async () => modelFactory('cvae').create({ model: c.model, config: c, data }),
      /the conditional VAE: the training set has label 2, but model.classes is 2/);
  });

  it('the class grid keeps one z per column down every row, one class per row', () => {
    const { labels, noise } = classGrid(3, 2, 4, 7);
    assert.deepEqual(Array.from(labels), [0, 0, 1, 1, 2, 2]);
    const z = (i: number) => Array.from(noise.subarray(i * 4, (i + 1) * 4));
    for (const row of [1, 2]) {
      assert.deepEqual(z(row * 2), z(0));
      assert.deepEqual(z(row * 2 + 1), z(1));
    }
    assert.notDeepEqual(z(0), z(1), 'columns have their own z');
  });
});
