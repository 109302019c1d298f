import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { DataSplits, ImageSet } from '../../src/engine/data/dataset';
import { gatherBatch } from '../../src/engine/data/dataset';
import { categoricalKlToUniform } from '../../src/engine/models/categoricalVae/losses';
import { modelFactory } from '../../src/engine/models/factories';
import { Rng } from '../../src/engine/util/rng';
import { useCpuBackend } from './helpers/tfCpu';

/** Random binary 6×6 "images": enough to run the model end to end in milliseconds. */
function tinySet(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = Uint8Array.from({ length: count * 36 }, () => (rng.uniform() < 0.3 ? 255 : 0));
  return { pixels, labels: new Uint8Array(count), count, height: 6, width: 6, channels: 1 };
}

describe('categorical VAE', () => {
  before(useCpuBackend);

  it('KL to the uniform prior matches the hand-computed value', () => {
    // Variable 1: uniform q → 0. Variable 2: q = (½, ¼, ¼) → ½·log(3/2) + 2·¼·log(3/4) = ½·log(9/8).
    const logits = tf.tensor3d([[[0, 0, 0], [Math.log(2), 0, 0]]]);
    const kl = categoricalKlToUniform(logits).dataSync()[0];
    assert.ok(Math.abs(kl - 0.5 * Math.log(9 / 8)) < 1e-6, `KL ${kl} vs ${0.5 * Math.log(9 / 8)}`);
    // A one-hot q has the largest KL, log K per variable.
    const sure = categoricalKlToUniform(tf.tensor3d([[[60, 0, 0], [0, 60, 0]]])).dataSync()[0];
    assert.ok(Math.abs(sure - 2 * Math.log(3)) < 1e-4, `KL ${sure} vs 2 log 3`);
  });

  it('trains, evaluates a finite negative ELBO and leaks no tensors across a step', async () => {
    const config = parseConfig(JSON.stringify({
      model: { type: 'categorical-vae', categoricals: 4, classes: 3, hidden: [16] },
      data: { source: 'mnist' },
      training: { batchSize: 8, seed: 2 },
    }), 'test.genlab.json');
    const data: DataSplits = { source: 'tiny', train: tinySet(32, 1), test: tinySet(20, 2), skipped: 0 };
    const model = await modelFactory('categorical-vae').create({ model: config.model, config, data });
    try {
      const step = (globalStep: number) => {
        const batch = gatherBatch(data.train, Uint32Array.from({ length: 8 }, (_, i) => (globalStep * 8 + i) % 32));
        const metrics = model.trainStep(batch, { epoch: 1, step: globalStep, globalStep, seed: globalStep });
        batch.x.dispose();
        const values = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, typeof v === 'number' ? v : v.dataSync()[0]]));
        for (const v of Object.values(metrics)) if (typeof v !== 'number') v.dispose();
        return values;
      };
      const first = step(0);
      assert.deepEqual(Object.keys(first).sort(), ['kl', 'loss', 'reconstruction', 'temperature']);
      assert.equal(first.temperature, 1);
      assert.ok(Math.abs(first.loss - (first.reconstruction + first.kl)) < 1e-3);
      const before = tf.memory().numTensors;
      step(1);
      assert.equal(tf.memory().numTensors, before);
      const m = await model.evaluate(1, 5);
      assert.ok(Number.isFinite(m.testNegElbo) && m.testKl >= 0 && m.testKl <= 4 * Math.log(3) + 1e-6, JSON.stringify(m));
      const artifacts = await model.artifacts(1, 5);
      assert.deepEqual(artifacts.map((a) => a.name), ['samples', 'reconstructions']);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      model.dispose();
    }
  });
});
