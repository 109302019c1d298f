import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { DataSplits } from '../../src/engine/data/dataset';
import { classLoss } from '../../src/engine/models/acgan/losses';
import { modelFactory } from '../../src/engine/models/factories';
import type { GenerativeModel } from '../../src/engine/models/model';
import { BAR_CLASSES, BAR_SIDE, barSet, onBar, pictureOf, stepMetrics } from './helpers/modelSteps';
import { useCpuBackend } from './helpers/tfCpu';

const SIDE = BAR_SIDE;
const CLASSES = BAR_CLASSES;

const MODEL = { type: 'acgan', classes: CLASSES, latentDim: 4, width: 8, samplesPerClass: 4, evaluationSamples: 30 };

function config(model: Record<string, unknown> = {}) {
  return parseConfig(JSON.stringify({ model: { ...MODEL, ...model }, data: { source: 'mnist' },
    training: { batchSize: 12, seed: 5, optimizer: { learningRate: 5e-3 } } }), 'test.genlab.json');
}

const step = (model: GenerativeModel, data: DataSplits, globalStep: number) => stepMetrics(model, data.train, globalStep, 12, 70);


describe('AC-GAN', () => {
  before(useCpuBackend);
  const data: DataSplits = { source: 'bars', train: barSet(48, 1), test: barSet(24, 2), skipped: 0 };

  it('the class loss is −log of the softmax probability of the correct class, averaged', () => {
    const logits = tf.tensor2d([[0, 0, 0], [Math.log(2), 0, 0]]);
    const loss = classLoss(logits, tf.tensor2d([[0, 1, 0], [1, 0, 0]])).dataSync()[0];
    // Row 1: uniform, −log ⅓; row 2: p = 2/4 for the correct class, −log ½.
    assert.ok(Math.abs(loss - (Math.log(3) + Math.log(2)) / 2) < 1e-6, `${loss}`);
  });

  it('trains without leaking tensors; its view is a class grid with a row per class; quality samples carry their classes', async () => {
    const c = config();
    const model = await modelFactory('acgan').create({ model: c.model, config: c, data });
    try {
      const first = step(model, data, 0);
      assert.deepEqual(Object.keys(first).sort(), ['classLossFake', 'classLossReal', 'dFake', 'dLoss', 'dReal', 'gLoss']);
      // The auxiliary head starts near chance: the cross-entropy of a uniform guess over 3 classes is ln 3.
      assert.ok(Math.abs(first.classLossReal - Math.log(3)) < 0.3, `first classLossReal ${first.classLossReal}`);
      const before = tf.memory().numTensors;
      for (let s = 1; s < 4; s++) step(model, data, s);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked across steps');
      const artifacts = await model.artifacts(1, 0);
      assert.deepEqual(artifacts.map((a) => a.name), ['class-grid']);
      const grid = pictureOf(artifacts[0]);
      assert.deepEqual([grid.width, grid.height], [4 * SIDE + 5 * 2, CLASSES * SIDE + (CLASSES + 1) * 2]);
      const quality = await model.qualitySamples!(7, 3);
      assert.deepEqual(Array.from(quality.labels!), [0, 1, 2, 0, 1, 2, 0]);
      assert.equal(quality.images.length, 7 * SIDE * SIDE);
      assert.ok(quality.images.every((v) => v >= 0 && v <= 1));
      await model.evaluate(1, 0);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked by evaluate, artifacts or qualitySamples');
    } finally {
      model.dispose();
    }
  });

  it('the auxiliary head learns the classes of real images, and the generator makes the class it is given', async () => {
    const c = config();
    const model = await modelFactory('acgan').create({ model: c.model, config: c, data });
    try {
      const untrained = await model.evaluate(1, 0);
      for (let s = 0; s < 60; s++) step(model, data, s);
      const trained = await model.evaluate(1, 0);
      assert.equal(trained.testClassAccuracy, 1, `test accuracy ${untrained.testClassAccuracy} → ${trained.testClassAccuracy}`);
      assert.ok(trained.fakeClassAccuracy >= 0.9, `accuracy on generated images ${untrained.fakeClassAccuracy} → ${trained.fakeClassAccuracy}`);
      assert.ok(Math.abs(trained.fakeClassAccuracy + trained.fakeClassError - 1) < 1e-12);
      // And not only in D's eyes: G's images for class k show class k's bar.
      const { images, labels } = await model.qualitySamples!(30, 9);
      const pixels = SIDE * SIDE;
      const distance = (i: number, k: number) => Array.from({ length: pixels }, (_, p) => Math.abs(images[i * pixels + p] - (onBar(k, p) ? 1 : 0)))
        .reduce((a, b) => a + b, 0);
      const matched = labels!.filter((k, i) => [0, 1, 2].every((other) => other === k || distance(i, k) < distance(i, other))).length;
      assert.ok(matched >= 27, `${matched} of 30 samples show the bar of the class they were asked for`);
    } finally {
      model.dispose();
    }
  });
});
