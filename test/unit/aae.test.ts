import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import type { DataSplits, ImageSet } from '../../src/engine/data/dataset';
import { aaeSchema } from '../../src/engine/models/aae/config';
import { buildAaeNetworks } from '../../src/engine/models/aae/networks';
import { makePrior, MIXTURE_RADIUS, MIXTURE_STD, priorDensity, swissRollPoint, SWISS_ROLL_NOISE } from '../../src/engine/models/aae/priors';
import { modelFactory } from '../../src/engine/models/factories';
import type { GenerativeModel } from '../../src/engine/models/model';
import { discriminatorLoss } from '../../src/engine/nn/ganLosses';
import { makeOptimizer } from '../../src/engine/nn/optimizers';
import { ParamStore } from '../../src/engine/nn/params';
import { Rng } from '../../src/engine/util/rng';
import { stepMetrics } from './helpers/modelSteps';
import { useCpuBackend } from './helpers/tfCpu';

const SIDE = 6;
const CLASSES = 3;

/** 6×6 images of random pixels (30% on), labelled 0, 1, 2, 0, …: codes with room to take any shape. */
function tinySet(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % CLASSES);
  const pixels = Uint8Array.from({ length: count * SIDE * SIDE }, () => (rng.uniform() < 0.3 ? 255 : 0));
  return { pixels, labels, count, height: SIDE, width: SIDE, channels: 1 };
}

const data: DataSplits = { source: 'tiny', train: tinySet(60, 1), test: tinySet(60, 2), skipped: 0 };

async function tinyModel(model: Record<string, unknown>): Promise<GenerativeModel> {
  const config = parseConfig(JSON.stringify({
    model: { type: 'aae', classes: CLASSES, hidden: [16], discriminatorHidden: [16], mmdPoints: 60, scatterPoints: 30, manifoldSize: 3,
      samples: 4, ...model },
    data: { source: 'mnist' },
    training: { batchSize: 12, seed: 3, optimizer: { type: 'adam', learningRate: 3e-3, beta1: 0.5 } },
  }), 'test.genlab.json');
  return modelFactory('aae').create({ model: config.model, config, data });
}

const step = (model: GenerativeModel, globalStep: number) => stepMetrics(model, data.train, globalStep, 12, 100);

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

describe('adversarial autoencoder', function () {
  this.timeout(60000);
  before(useCpuBackend);

  it('gaussian prior: N(0, I) in any dimension, with no components for a label to pick', () => {
    const prior = makePrior('gaussian', 3, 10);
    const z = Array.from(prior.sample(4000, 1));
    for (let d = 0; d < 3; d++) {
      const dim = z.filter((_, i) => i % 3 === d);
      assert.ok(Math.abs(mean(dim)) < 0.06 && Math.abs(std(dim) - 1) < 0.05, `dim ${d}: mean ${mean(dim)}, std ${std(dim)}`);
    }
    assert.throws(() => prior.sample(2, 1, [0, 1]), /no components/);
    assert.throws(() => makePrior('mixture', 3, 10), /latentDim to 2/);
  });

  it('mixture: 10 elongated Gaussians on a circle, the label picking the component', () => {
    const prior = makePrior('mixture', 2, 10);
    const labels = Uint8Array.from({ length: 5000 }, (_, i) => i % 10);
    const z = prior.sample(labels.length, 2, labels);
    for (let k = 0; k < 10; k++) {
      const angle = (2 * Math.PI * k) / 10;
      const [radial, across] = [[] as number[], [] as number[]];
      for (let i = k; i < labels.length; i += 10) {
        radial.push(z[2 * i] * Math.cos(angle) + z[2 * i + 1] * Math.sin(angle));
        across.push(-z[2 * i] * Math.sin(angle) + z[2 * i + 1] * Math.cos(angle));
      }
      assert.ok(Math.abs(mean(radial) - MIXTURE_RADIUS) < 0.1 && Math.abs(std(radial) - MIXTURE_STD.radial) < 0.05, `component ${k} along`);
      assert.ok(Math.abs(mean(across)) < 0.02 && Math.abs(std(across) - MIXTURE_STD.tangential) < 0.01, `component ${k} across`);
    }
    // Without labels every component is drawn about equally often (5000 draws: 500 ± 3σ each).
    const free = prior.sample(5000, 3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) counts[(Math.round((Math.atan2(free[2 * i + 1], free[2 * i]) / (2 * Math.PI)) * 10) + 10) % 10]++;
    assert.ok(counts.every((c) => Math.abs(c - 500) < 70), `component counts ${counts}`);
  });

  it('swiss roll: points on the spiral, the label picking its segment', () => {
    const prior = makePrior('swiss-roll', 2, 10);
    const curve = Array.from({ length: 4001 }, (_, i) => swissRollPoint(i / 4000));
    const nearest = (x: number, y: number) => {
      let best = { d: Infinity, t: 0 };
      curve.forEach(([cx, cy], i) => {
        const d = Math.hypot(x - cx, y - cy);
        if (d < best.d) best = { d, t: i / 4000 };
      });
      return best;
    };
    const labels = Uint8Array.from({ length: 400 }, (_, i) => i % 10);
    const z = prior.sample(labels.length, 4, labels);
    const found = Array.from(labels, (k, i) => ({ k, ...nearest(z[2 * i], z[2 * i + 1]) }));
    // The noise across the roll is what moves a point off it: E|N(0, σ²)| = σ·√(2/π).
    const distance = mean(found.map((f) => f.d));
    assert.ok(Math.abs(distance - SWISS_ROLL_NOISE * Math.sqrt(2 / Math.PI)) < 0.012, `mean distance to the roll ${distance}`);
    const inSegment = found.filter((f) => f.t >= (f.k - 0.5) / 10 && f.t <= (f.k + 1.5) / 10).length;
    assert.ok(inSegment >= 0.97 * found.length, `${inSegment} of ${found.length} in their label's segment (± half a segment)`);
  });

  it('the prior density grid integrates to 1 over the square that holds the prior', () => {
    for (const kind of ['gaussian', 'mixture', 'swiss-roll'] as const) {
      const prior = makePrior(kind, 2, 10);
      const density = priorDensity(prior, 20, 20000, 5);
      const area = ((2 * prior.extent) / 20) ** 2;
      const mass = density.flat().reduce((a, b) => a + b, 0) * area;
      assert.ok(mass > 0.99 && mass <= 1 + 1e-9, `${kind}: mass ${mass}`);
    }
  });

  it('the discriminator on z learns to tell prior draws from a shifted copy of them', () => {
    const params = new ParamStore(7);
    const c = aaeSchema.parse({ type: 'aae', hidden: [4], discriminatorHidden: [32, 32] });
    const nets = buildAaeNetworks(params, c, 4);
    const prior = makePrior('mixture', 2, 10);
    const optimizer = makeOptimizer({ type: 'adam', learningRate: 1e-2, beta1: 0.5, beta2: 0.999 });
    const verdicts = (seed: number) => tf.tidy(() => {
      const real = tf.tensor2d(prior.sample(256, seed), [256, 2]);
      const shifted = tf.add(real, tf.tensor1d([1.5, 0])) as tf.Tensor2D;
      return [real, shifted].map((z) => tf.mean(tf.sigmoid(nets.discriminate(z, null))).dataSync()[0]);
    });
    for (let s = 0; s < 150; s++) {
      const [real, fake] = [tf.tensor2d(prior.sample(128, 2 * s), [128, 2]), tf.tensor2d(prior.sample(128, 2 * s + 1), [128, 2])];
      const shifted = tf.add(fake, tf.tensor1d([1.5, 0])) as tf.Tensor2D;
      optimizer.minimize(() => discriminatorLoss(nets.discriminate(real, null), nets.discriminate(shifted, null)), false,
        params.trainable('discriminator/'));
      tf.dispose([real, fake, shifted]);
    }
    const [onPrior, onShifted] = verdicts(999);
    assert.ok(onPrior > 0.75 && onShifted < 0.25, `D = ${onPrior} on prior draws, ${onShifted} on shifted ones`);
    params.dispose();
    optimizer.dispose();
  });

  it('trains without leaking tensors, and testMmd falls over a few tiny epochs as q(z) meets the prior', async () => {
    const model = await tinyModel({ prior: 'mixture' });
    try {
      const first = step(model, 0);
      assert.deepEqual(Object.keys(first).sort(), ['dCode', 'dLoss', 'dPrior', 'gLoss', 'loss', 'reconstruction']);
      const before = tf.memory().numTensors;
      step(model, 1);
      assert.equal(tf.memory().numTensors, before, 'tensors leaked across a step');
      const mmd = [(await model.evaluate(1, 1)).testMmd];
      for (let epoch = 1; epoch <= 4; epoch++) {
        for (let s = 0; s < 40; s++) step(model, epoch * 40 + s);
        mmd.push((await model.evaluate(epoch + 1, 1)).testMmd);
      }
      assert.ok(mmd[4] < mmd[2] && mmd[2] < mmd[0] && mmd[4] < 0.5 * mmd[0], `testMmd per epoch ${mmd.map((v) => v.toFixed(3))}`);
      const names = (await model.artifacts(1, 1)).map((a) => `${a.name}:${a.kind}`).sort();
      assert.deepEqual(names, ['latent-scatter:image', 'latent-scatter:json', 'manifold:image', 'reconstructions:image', 'samples:image']);
    } finally {
      model.dispose();
    }
  });

  it('supervised: the discriminator sees the label, quality samples say which component drew them; refused without parts', async () => {
    const model = await tinyModel({ prior: 'mixture', supervised: true });
    try {
      step(model, 0);
      const quality = await model.qualitySamples!(7, 1);
      assert.deepEqual([...quality.labels!], [0, 1, 2, 0, 1, 2, 0]);
      assert.equal(quality.images.length, 7 * SIDE * SIDE);
      assert.ok(quality.images.every((v) => v >= 0 && v <= 1));
      const scatter = (await model.artifacts(1, 1)).find((a) => a.kind === 'json')!;
      const { prior, labels } = scatter.data as { prior: { bins: number; density: number[][] }; labels: string[] };
      assert.deepEqual(labels, ['0', '1', '2']);
      assert.equal(prior.density.length, prior.bins);
    } finally {
      model.dispose();
    }
    await assert.rejects(async () => tinyModel({ prior: 'gaussian', supervised: true }), /needs a prior with parts/);
  });
});
