import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import { gatherBatch, type DataSplits, type ImageSet } from '../../src/engine/data/dataset';
import type { GenerativeModel } from '../../src/engine/models/model';
import type { PixelCnnConfig } from '../../src/engine/models/pixelcnn/config';
import { causalMask } from '../../src/engine/models/pixelcnn/masks';
import { pixelCnnFactory } from '../../src/engine/models/pixelcnn/model';
import { buildPixelCnn, type PixelCnnNetwork, type PixelCnnShape } from '../../src/engine/models/pixelcnn/network';
import { ancestralSamples } from '../../src/engine/models/pixelcnn/sampler';
import { ParamStore } from '../../src/engine/nn/params';
import type { NadeConditionalsData } from '../../src/shared/protocol';
import { Rng } from '../../src/engine/util/rng';
import { useCpuBackend } from './helpers/tfCpu';

const SIDE = 6;
const D = SIDE * SIDE;
const SHAPE: PixelCnnShape = { channels: 4, layers: 2, firstKernel: 3, kernelSize: 3, residual: true };

/** `count` 6×6 binary images: a vertical or horizontal bar plus 5% noise, something with structure to learn. */
function barImages(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * D);
  for (let n = 0; n < count; n++) {
    const [vertical, line] = [rng.uniform() < 0.5, rng.int(SIDE)];
    for (let i = 0; i < D; i++) pixels[n * D + i] = ((vertical ? i % SIDE : Math.floor(i / SIDE)) === line) !== rng.uniform() < 0.05 ? 255 : 0;
  }
  return { pixels, labels: new Uint8Array(count), count, height: SIDE, width: SIDE, channels: 1 };
}

const barData = (): DataSplits => ({ source: 'test', train: barImages(64, 1), test: barImages(12, 2), skipped: 0 });

function makePixelCnn(data: DataSplits, training: Record<string, unknown> = {}): GenerativeModel {
  const config = parseConfig(JSON.stringify({ model: { type: 'pixelcnn', ...SHAPE, samples: 4 },
    training: { batchSize: 16, seed: 3, optimizer: { learningRate: 0.01 }, ...training } }), '/tmp/pixelcnn-test.genlab.json');
  return pixelCnnFactory.create({ model: config.model as PixelCnnConfig, config, data }) as GenerativeModel;
}

/** A network with random weights (biases too, so no symmetry hides a leak through them). */
function randomNetwork(seed: number, shape = SHAPE): { net: PixelCnnNetwork; params: ParamStore } {
  const params = new ParamStore(seed);
  const net = buildPixelCnn(params, shape, -1);
  const rng = new Rng(seed + 1);
  for (const v of Object.values(params.variables)) if (v.name.endsWith('bias')) v.assign(tf.tensor(rng.normalArray(v.size, 0, 0.5), v.shape));
  return { net, params };
}

const randomImages = (n: number, seed: number) => new Rng(seed).uniformArray(n * D).map((u) => (u < 0.4 ? 1 : 0));
const logitsOf = (net: PixelCnnNetwork, images: Float32Array, n: number) =>
  tf.tidy(() => net.logits(tf.tensor4d(images, [n, SIDE, SIDE, 1]))).dataSync() as Float32Array;

function trainSteps(model: GenerativeModel, data: DataSplits, steps: number): number[] {
  return Array.from({ length: steps }, (_, s) => {
    const batch = gatherBatch(data.train, Array.from({ length: 16 }, (_, i) => (s * 16 + i) % data.train.count));
    const { nll } = model.trainStep(batch, { epoch: 1, step: s, globalStep: s, seed: s }) as { nll: tf.Scalar };
    batch.x.dispose();
    const value = nll.dataSync()[0];
    nll.dispose();
    return value;
  });
}

describe('PixelCNN', function () {
  this.timeout(30000);
  before(useCpuBackend);

  it('masks: type A reads the rows above and the pixels left of the centre, type B the centre too', () => {
    assert.deepEqual(Array.from(causalMask(3, 'A')), [1, 1, 1, 1, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(causalMask(3, 'B')), [1, 1, 1, 1, 1, 0, 0, 0, 0]);
    assert.throws(() => causalMask(4, 'A'), /odd/);
  });

  it('the whole network is causal: changing pixel i never changes the logits at pixels ≤ i in raster order', () => {
    for (const shape of [SHAPE, { ...SHAPE, firstKernel: 5, kernelSize: 5, residual: false }]) {
      const { net, params } = randomNetwork(5, shape);
      try {
        const image = randomImages(1, 6);
        const base = logitsOf(net, image, 1);
        let nextSees = 0;
        for (let i = 0; i < D; i++) {
          const flipped = image.slice();
          flipped[i] = 1 - flipped[i];
          const changed = logitsOf(net, flipped, 1);
          for (let j = 0; j <= i; j++) assert.equal(changed[j], base[j], `flipping pixel ${i} moved the logit of pixel ${j}`);
          if (changed[i + 1] !== base[i + 1]) nextSees++;
        }
        // Not vacuous: the pixel after i mostly sees it (a ReLU may hide it at some).
        assert.ok(nextSees > D / 2, `only ${nextSees} pixels see the one before them`);
      } finally {
        net.dispose();
        params.dispose();
      }
    }
  });

  it('the sampler, one pixel at a time, gives the full network\'s conditionals, and keeps given pixels when completing', async () => {
    const { net, params } = randomNetwork(7);
    try {
      const weights = await net.read();
      const n = 5;
      const draws = ancestralSamples(weights, n, SIDE, SIDE, new Rng(8));
      assert.ok(draws.values.every((v) => v === 0 || v === 1));
      const logits = logitsOf(net, draws.values, n);
      logits.forEach((l, i) => assert.ok(Math.abs(1 / (1 + Math.exp(-l)) - draws.probabilities[i]) < 1e-5, `pixel ${i}`));
      for (let s = 0; s < n; s++) {
        let logp = 0;
        for (let i = 0; i < D; i++) logp += Math.log(draws.values[s * D + i] ? draws.probabilities[s * D + i] : 1 - draws.probabilities[s * D + i]);
        assert.ok(Math.abs(logp - draws.logLikelihoods[s]) < 1e-3, `image ${s}: ${logp} vs ${draws.logLikelihoods[s]}`);
      }
      const given = { values: randomImages(1, 9), free: Uint8Array.from({ length: D }, (_, i) => (i >= D / 2 ? 1 : 0)) };
      const completed = ancestralSamples(weights, 3, SIDE, SIDE, new Rng(10), given);
      for (let s = 0; s < 3; s++) for (let i = 0; i < D / 2; i++) assert.equal(completed.values[s * D + i], given.values[i]);
    } finally {
      net.dispose();
      params.dispose();
    }
  });

  it('test NLL is the mean over images of the hand-summed Bernoulli NLLs of the network\'s logits', async () => {
    const data = barData();
    const model = makePixelCnn(data);
    let testNll: number;
    let weights: [string, Float32Array, number[]][];
    try {
      trainSteps(model, data, 3);
      testNll = (await model.evaluate(1, 0)).testNll;
      weights = Object.entries(model.state().variables).map(([name, v]) => [name, v.dataSync() as Float32Array, v.shape]);
    } finally {
      model.dispose();
    }
    // The same weights in a network of the test's own (variable names are global, so only once the model is gone).
    const params = new ParamStore(0);
    const net = buildPixelCnn(params, SHAPE);
    try {
      for (const [name, values, shape] of weights) params.variables[name].assign(tf.tensor(values, shape));
      const images = Float32Array.from(data.test.pixels, (v) => v / 255);
      let total = 0;
      logitsOf(net, images, data.test.count).forEach((l, i) => {
        const p = 1 / (1 + Math.exp(-l));
        total -= Math.log(images[i] ? p : 1 - p);
      });
      assert.ok(Math.abs(testNll - total / data.test.count) < 1e-3, `testNll ${testNll} vs hand sum ${total / data.test.count}`);
    } finally {
      net.dispose();
      params.dispose();
    }
  });

  it('trains without leaking tensors (also with an L2 penalty), and its views, samples and completions have the right shapes', async () => {
    const data = barData();
    const model = makePixelCnn(data, { regularization: { l2: 1e-4 } });
    try {
      const before = (await model.evaluate(0, 0)).testNll;
      trainSteps(model, data, 1);
      const tensors = tf.memory().numTensors;
      const losses = trainSteps(model, data, 30);
      assert.equal(tf.memory().numTensors, tensors, 'tensors leaked by training steps');
      const after = await model.evaluate(1, 0);
      assert.ok(after.testNll < before - 2, `test NLL ${before.toFixed(2)} → ${after.testNll.toFixed(2)} (batch NLL ${losses[0]} → ${losses[29]})`);
      assert.ok(Number.isFinite(after.trainNll));
      const artifacts = await model.artifacts(1, 0);
      assert.deepEqual(artifacts.map((a) => `${a.name}:${a.kind}`), ['samples:image', 'conditionals:image', 'conditionals:json']);
      const json = artifacts[2].kind === 'json' ? (artifacts[2].data as NadeConditionalsData) : null;
      assert.deepEqual(json!.pixels, Array.from(data.test.pixels.subarray(0, D), (v) => v / 255));
      const quality = await model.qualitySamples!(7, 1);
      assert.equal(quality.count, 7);
      assert.equal(quality.images.length, 7 * D);
      assert.ok(quality.images.every((v) => v === 0 || v === 1));
      const pixels = Array.from(json!.pixels);
      const completions = await model.explorer!().complete!(pixels, pixels.map((_, i) => (i >= D / 2 ? 1 : 0)), 2, 4);
      assert.equal(completions.length, 2);
      for (const c of completions) {
        assert.deepEqual([c.picture.width, c.picture.height], [SIDE, SIDE]);
        assert.ok(c.logLikelihood < 0);
        for (let i = 0; i < D / 2; i++) assert.equal(c.picture.pixels[i] > 127 ? 1 : 0, pixels[i]);
      }
      assert.equal(tf.memory().numTensors, tensors, 'tensors leaked by evaluation or views');
    } finally {
      model.dispose();
    }
  });

  it('refuses grey-level images', () => {
    const grey = barImages(10, 5);
    grey.pixels[3] = 128;
    assert.throws(() => makePixelCnn({ source: 'test', train: grey, test: barImages(4, 6), skipped: 0 }), /binarize/);
  });
});
