import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import { gatherBatch, type DataSplits, type ImageSet } from '../../src/engine/data/dataset';
import type { NadeConfig } from '../../src/engine/models/nade/config';
import { nadeFactory } from '../../src/engine/models/nade/model';
import { nadeConditionals, nadeLossAndGradients, nadeNll, type NadeParams } from '../../src/engine/models/nade/network';
import { ancestralSamples } from '../../src/engine/models/nade/sampler';
import type { GenerativeModel } from '../../src/engine/models/model';
import type { NadeConditionalsData } from '../../src/shared/protocol';
import { deriveSeed, Rng } from '../../src/engine/util/rng';
import { useCpuBackend } from './helpers/tfCpu';

const D = 5;
const H = 3;

function tinyParams(seed: number): NadeParams {
  const rng = new Rng(seed);
  return {
    w: tf.tensor2d(rng.normalArray(H * (D - 1)), [H, D - 1]),
    c: tf.tensor1d(rng.normalArray(H)),
    v: tf.tensor2d(rng.normalArray(H * D, 0, 2), [H, D]),
    b: tf.tensor1d(rng.normalArray(D)),
  };
}

/** Every binary vector of length D, as rows. */
function allBinary(): tf.Tensor2D {
  const rows = Array.from({ length: 2 ** D }, (_, n) => Array.from({ length: D }, (_, i) => (n >> i) & 1));
  return tf.tensor2d(rows);
}

/** log p(x) straight from the definition: one conditional at a time, no running sums. */
function bruteForceLogProb(p: { w: number[][]; c: number[]; v: number[][]; b: number[] }, x: number[]): number {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  let logp = 0;
  for (let i = 0; i < D; i++) {
    const h = p.c.map((ck, k) => sigmoid(ck + x.slice(0, i).reduce((s, xj, j) => s + xj * p.w[k][j], 0)));
    const prob = sigmoid(p.b[i] + h.reduce((s, hk, k) => s + hk * p.v[k][i], 0));
    logp += Math.log(x[i] === 1 ? prob : 1 - prob);
  }
  return logp;
}

/** `count` 4×4 binary images of a horizontal or vertical bar with 5% pixel noise: easy structure to learn. */
function barImages(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * 16);
  for (let n = 0; n < count; n++) {
    const vertical = rng.uniform() < 0.5;
    const line = rng.int(4);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const on = (vertical ? x : y) === line;
        pixels[n * 16 + y * 4 + x] = on !== rng.uniform() < 0.05 ? 255 : 0;
      }
    }
  }
  return { pixels, labels: new Uint8Array(count), count, height: 4, width: 4, channels: 1 };
}

function makeNade(model: Record<string, unknown>, data: DataSplits): GenerativeModel {
  const config = parseConfig(JSON.stringify({ model: { type: 'nade', hidden: 16, samples: 4, ...model },
    training: { batchSize: 20, seed: 3, optimizer: { learningRate: 0.02 } } }), '/tmp/nade-test.genlab.json');
  return nadeFactory.create({ model: config.model as NadeConfig, config, data }) as GenerativeModel;
}

const barData = (): DataSplits => ({ source: 'test', train: barImages(200, 1), test: barImages(20, 2), skipped: 0 });

function trainSteps(model: GenerativeModel, data: DataSplits, steps: number): number[] {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const batch = gatherBatch(data.train, Array.from({ length: 20 }, (_, i) => (s * 20 + i) % data.train.count));
    const { nll } = model.trainStep(batch, { epoch: 1, step: s, globalStep: s, seed: deriveSeed(3, s) }) as { nll: tf.Scalar };
    batch.x.dispose();
    losses.push(nll.dataSync()[0]);
    nll.dispose();
  }
  return losses;
}

describe('NADE', function () {
  this.timeout(30000);
  before(useCpuBackend);

  it('the likelihood of a tiny model equals the brute-force product of its conditionals, and sums to 1', () => {
    const p = tinyParams(1);
    const x = allBinary();
    const nll = nadeNll(p, x).arraySync();
    const plain = { w: p.w.arraySync(), c: p.c.arraySync(), v: p.v.arraySync(), b: p.b.arraySync() };
    x.arraySync().forEach((row, n) => {
      const expected = -bruteForceLogProb(plain, row);
      assert.ok(Math.abs(nll[n] - expected) < 1e-4, `x=${row}: NLL ${nll[n]} vs brute force ${expected}`);
    });
    const total = nll.reduce((s, v) => s + Math.exp(-v), 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `Σ_x p(x) = ${total}`);
    tf.dispose([x, p.w, p.c, p.v, p.b]);
  });

  it('hand-written gradients equal automatic differentiation of the NLL', () => {
    const p = tinyParams(2);
    const vars = { w: tf.variable(p.w), c: tf.variable(p.c), v: tf.variable(p.v), b: tf.variable(p.b) } as unknown as NadeParams;
    const x = allBinary();
    const scale = 0.37;
    const { nll, grads } = nadeLossAndGradients(vars, x, scale);
    const auto = tf.variableGrads(() => tf.mul(tf.sum(nadeNll(vars, x)), scale) as tf.Scalar,
      Object.values(vars) as tf.Variable[]);
    assert.ok(Math.abs(tf.sum(nll).arraySync() as number - auto.value.arraySync() / scale) < 1e-3);
    for (const key of ['w', 'c', 'v', 'b'] as const) {
      const mine = grads[key].dataSync();
      const theirs = auto.grads[(vars[key] as tf.Variable).name].dataSync();
      mine.forEach((g, i) => assert.ok(Math.abs(g - theirs[i]) < 1e-5 * Math.max(1, Math.abs(theirs[i])), `∂${key}[${i}]: ${g} vs ${theirs[i]}`));
    }
    tf.dispose([x, nll, ...Object.values(grads), auto.value, ...Object.values(auto.grads), ...Object.values(vars), p.w, p.c, p.v, p.b]);
  });

  it('ancestral samples follow the model: their draw probabilities are its conditionals, their frequencies its p(x)', async () => {
    const p = tinyParams(3);
    const weights = { hidden: H, pixels: D, w: p.w.dataSync() as Float32Array, c: p.c.dataSync() as Float32Array,
      v: p.v.dataSync() as Float32Array, b: p.b.dataSync() as Float32Array };
    const n = 20000;
    const { values, probabilities } = ancestralSamples(weights, n, new Rng(4));
    const firstFew = tf.tensor2d(values.subarray(0, 10 * D), [10, D]);
    const conditionals = nadeConditionals(p, firstFew).dataSync();
    conditionals.forEach((q, i) => assert.ok(Math.abs(q - probabilities[i]) < 1e-5, `pixel ${i}: ${q} vs ${probabilities[i]}`));
    const counts = new Array<number>(2 ** D).fill(0);
    for (let s = 0; s < n; s++) {
      let code = 0;
      for (let i = 0; i < D; i++) code |= values[s * D + i] << i;
      counts[code]++;
    }
    const x = allBinary();
    const exact = nadeNll(p, x).dataSync();
    const tv = 0.5 * counts.reduce((s, c, code) => s + Math.abs(c / n - Math.exp(-exact[code])), 0);
    assert.ok(tv < 0.02, `total variation ${tv}`);
    tf.dispose([x, firstFew, p.w, p.c, p.v, p.b]);
  });

  it('a few steps lower the loss; evaluation and views work in a random pixel order', async () => {
    const data = barData();
    const model = makeNade({ ordering: 'random' }, data);
    try {
      const before = (await model.evaluate(0, 0)).testNll;
      const losses = trainSteps(model, data, 30);
      const after = await model.evaluate(1, 0);
      assert.ok(losses.slice(-5).reduce((a, b) => a + b) / 5 < losses.slice(0, 5).reduce((a, b) => a + b) / 5 - 1,
        `batch NLL ${losses[0].toFixed(2)} → ${losses[losses.length - 1].toFixed(2)}`);
      assert.ok(after.testNll < before - 1, `test NLL ${before.toFixed(2)} → ${after.testNll.toFixed(2)}`);
      assert.ok(Number.isFinite(after.trainNll));
      const artifacts = await model.artifacts(1, 0);
      assert.deepEqual(artifacts.map((a) => `${a.name}:${a.kind}`), ['samples:image', 'conditionals:image', 'conditionals:json']);
      const json = artifacts[2].kind === 'json' ? (artifacts[2].data as NadeConditionalsData) : null;
      // Raster positions: the JSON's image is test image 0 as stored.
      assert.deepEqual(json!.pixels, Array.from(data.test.pixels.subarray(0, 16), (v) => v / 255));
      const nllFromProbabilities = json!.pixels.reduce((s, xi, i) => s - Math.log(xi ? json!.probabilities[i] : 1 - json!.probabilities[i]), 0);
      assert.ok(Math.abs(nllFromProbabilities - json!.nll) < 1e-3);
    } finally {
      model.dispose();
    }
  });

  it('chunking a batch leaves the update unchanged', () => {
    const data = barData();
    const after = (chunkSize: number) => {
      const model = makeNade({ chunkSize }, data);
      try {
        trainSteps(model, data, 1);
        return model.state().variables['nade/W'].dataSync().slice();
      } finally {
        model.dispose();
      }
    };
    const whole = after(20);
    const chunked = after(3);
    whole.forEach((v, i) => assert.ok(Math.abs(v - chunked[i]) < 1e-6, `W[${i}]: ${v} vs ${chunked[i]}`));
  });

  it('refuses grey-level images', () => {
    const grey = barImages(10, 5);
    grey.pixels[3] = 128;
    assert.throws(() => makeNade({}, { source: 'test', train: grey, test: barImages(4, 6), skipped: 0 }), /binarize/);
  });
});
