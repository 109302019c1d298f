import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { DataSplits, ImageSet } from '../../src/engine/data/dataset';
import { modelFactory } from '../../src/engine/models/factories';
import { codeRows, inputWidth, traversalRows } from '../../src/engine/models/infogan/codes';
import type { InfoganConfig } from '../../src/engine/models/infogan/config';
import type { GenerativeModel } from '../../src/engine/models/model';
import { Rng } from '../../src/engine/util/rng';
import { pictureOf, stepMetrics } from './helpers/modelSteps';
import { useCpuBackend } from './helpers/tfCpu';

/** Random 8×8 "digits" with labels 0–3: enough to run the model end to end in a second. */
function tinySet(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = Uint8Array.from({ length: count * 64 }, () => (rng.uniform() < 0.3 ? 255 : 0));
  return { pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 4), count, height: 8, width: 8, channels: 1 };
}

/** Steps of each training test: enough for Q to read c₁ at a clear distance from the λ = 0 control. */
const STEPS = 40;
const MODEL = { type: 'infogan', noiseDim: 4, categories: 4, continuousCodes: 2, width: 4, hidden: 16, qHidden: 8,
  samplesPerCategory: 3, traversalSteps: 5 };

function config(model: Record<string, unknown> = {}) {
  return parseConfig(JSON.stringify({ model: { ...MODEL, ...model }, data: { source: 'mnist' },
    training: { batchSize: 8, seed: 3, optimizer: { learningRate: 5e-3 } } }), 'test.genlab.json');
}

const step = (model: GenerativeModel, data: DataSplits, globalStep: number) => stepMetrics(model, data.train, globalStep, 8, 100);


describe('InfoGAN', () => {
  before(useCpuBackend);
  const data: DataSplits = { source: 'tiny', train: tinySet(32, 1), test: tinySet(24, 2), skipped: 0 };

  it('trains, Q learns to read the categorical code, and no step leaks tensors', async () => {
    const c = config();
    const model = await modelFactory('infogan').create({ model: c.model, config: c, data });
    try {
      const first = step(model, data, 0);
      assert.deepEqual(Object.keys(first).sort(), ['categoryLoss', 'continuousLoss', 'dFake', 'dLoss', 'dReal', 'gLoss']);
      // Q starts near chance: the cross-entropy of a uniform guess over 4 codes is ln 4.
      assert.ok(Math.abs(first.categoryLoss - Math.log(4)) < 0.3, `first categoryLoss ${first.categoryLoss}`);
      const before = tf.memory().numTensors;
      let last = first;
      for (let s = 1; s < STEPS; s++) last = step(model, data, s);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked across steps');
      // G and Q cooperate on the information term: Q must come to read c₁ off G's images.
      assert.ok(last.categoryLoss < 0.75 * Math.log(4), `categoryLoss ${first.categoryLoss} → ${last.categoryLoss}`);

      const metrics = await model.evaluate(1, 0);
      assert.ok(metrics.codeAccuracy >= 0.25 && metrics.codeAccuracy <= 1, JSON.stringify(metrics));
      assert.ok(Math.abs(metrics.codeAccuracy + metrics.codeError - 1) < 1e-12);
      const artifacts = await model.artifacts(1, 0);
      assert.deepEqual(artifacts.map((a) => a.name), ['samples', 'traversal-c2', 'traversal-c3']);
      // 4 rows (categories) × 3 or 5 columns of 8×8 images with 2-pixel gaps.
      const grid = (cols: number) => ({ width: cols * 8 + (cols + 1) * 2, height: 4 * 8 + 5 * 2 });
      for (const [artifact, cols] of [[artifacts[0], 3], [artifacts[1], 5], [artifacts[2], 5]] as const) {
        const picture = pictureOf(artifact);
        assert.deepEqual({ width: picture.width, height: picture.height }, grid(cols), artifact.name);
      }
      const quality = await model.qualitySamples!(7, 5);
      assert.equal(quality.count, 7);
      assert.equal(quality.labels, undefined, 'InfoGAN is not conditioned on labels');
      assert.equal(quality.images.length, 7 * 64);
      assert.ok(quality.images.every((v) => v >= 0 && v <= 1));
      assert.equal(tf.memory().numTensors, before, 'tensors leaked by evaluate, artifacts or qualitySamples');
    } finally {
      model.dispose();
    }
  });

  it('with λ = 0 Q still trains, but G is not pushed to carry the code', async () => {
    // A control for the test above: the information term is what makes the codes readable.
    const c = config({ lambda: 0, continuousLambda: 0 });
    const model = await modelFactory('infogan').create({ model: c.model, config: c, data });
    try {
      let last = step(model, data, 0);
      for (let s = 1; s < STEPS; s++) last = step(model, data, s);
      assert.ok(last.categoryLoss > 0.9 * Math.log(4), `categoryLoss ${last.categoryLoss} without the information term`);
    } finally {
      model.dispose();
    }
  });

  it('a traversal sweeps one continuous code from −2 to 2 along each row, with one z and c₁ fixed per row', () => {
    const c = config().model as InfoganConfig;
    const width = inputWidth(c);
    const rows = traversalRows(c, 1, [2, 0, 3, 1], 9);
    assert.equal(rows.length, 4 * c.traversalSteps * width);
    const row = (i: number) => Array.from(rows.subarray(i * width, (i + 1) * width));
    const noise = row(0).slice(0, c.noiseDim);
    for (let i = 0; i < 4 * c.traversalSteps; i++) {
      const r = row(i);
      assert.deepEqual(r.slice(0, c.noiseDim), noise, 'one z for the whole grid');
      const oneHot = r.slice(c.noiseDim, c.noiseDim + c.categories);
      assert.deepEqual(oneHot, [0, 1, 2, 3].map((k) => (k === [2, 0, 3, 1][Math.floor(i / c.traversalSteps)] ? 1 : 0)));
      const [c2, c3] = r.slice(c.noiseDim + c.categories);
      assert.equal(c2, 0, 'the other continuous code stays at 0');
      assert.ok(Math.abs(c3 - (-2 + i % c.traversalSteps)) < 1e-6, `c₃ at column ${i % c.traversalSteps}: ${c3}`);
    }
  });

  it('lays out a generator input as [z, one-hot c₁, continuous codes]', () => {
    const sizes = { noiseDim: 2, categories: 3, continuousCodes: 1 };
    const rows = codeRows(sizes, Float32Array.from([0.5, -0.5, 1, 2]), [2, 0], Float32Array.from([0.25, -0.75]));
    assert.deepEqual(Array.from(rows), [0.5, -0.5, 0, 0, 1, 0.25, 1, 2, 1, 0, 0, -0.75]);
  });
});
