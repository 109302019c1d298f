import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import { parseConfig } from '../../src/engine/config/load';
import { gatherBatch, type DataSplits, type ImageSet } from '../../src/engine/data/dataset';
import type { Picture } from '../../src/engine/images/picture';
import type { GenerativeModel } from '../../src/engine/models/model';
import type { GanConfig } from '../../src/engine/models/gan/config';
import { ganFactory } from '../../src/engine/models/gan/model';
import { minibatchStdDev } from '../../src/engine/nn/dcganBlocks';
import { restoreCheckpoint, saveCheckpoint } from '../../src/engine/runs/checkpoint';
import { deriveSeed, Rng } from '../../src/engine/util/rng';
import { useCpuBackend } from './helpers/tfCpu';
import { useTempDir } from './helpers/tmp';

/** 32 random 16×16 RGB images: enough for a DCGAN of two stride-2 layers. */
function tinyData(): DataSplits {
  const set = (count: number, seed: number): ImageSet => {
    const rng = new Rng(seed);
    const pixels = new Uint8Array(count * 16 * 16 * 3).map(() => rng.int(256));
    return { pixels, labels: new Uint8Array(count), count, height: 16, width: 16, channels: 3 };
  };
  return { source: 'test', train: set(32, 1), test: set(8, 2), skipped: 0 };
}

function makeGan(model: Record<string, unknown>): GenerativeModel {
  const config = parseConfig(JSON.stringify({ model: { type: 'gan', width: 4, latentDim: 8, samples: 4, ...model },
    data: { source: 'mnist' }, training: { batchSize: 8, seed: 5 } }), '/tmp/gan-test.genlab.json');
  return ganFactory.create({ model: config.model as GanConfig, config, data: tinyData() }) as GenerativeModel;
}

/** Runs steps [from, to) on fixed batches; returns nothing, disposes every metric. */
function runSteps(model: GenerativeModel, from: number, to: number): void {
  const data = tinyData();
  for (let s = from; s < to; s++) {
    const batch = gatherBatch(data.train, Array.from({ length: 8 }, (_, i) => (s * 8 + i) % data.train.count));
    const metrics = model.trainStep(batch, { epoch: 1, step: s, globalStep: s, seed: deriveSeed(5, s) });
    batch.x.dispose();
    tf.dispose(Object.values(metrics).filter((m): m is tf.Scalar => typeof m !== 'number'));
  }
}

function snapshot(model: GenerativeModel, name: string): Float32Array {
  return model.state().variables[name].dataSync() as Float32Array;
}

async function samplePixels(model: GenerativeModel): Promise<Picture['pixels']> {
  const [artifact] = await model.sample(4, 99);
  assert.equal(artifact.kind, 'image');
  return artifact.kind === 'image' ? artifact.picture.pixels : new Uint8Array();
}

describe('GAN model (DCGAN and MLP, a few steps on tiny data)', function () {
  this.timeout(60000);
  const tmp = useTempDir();
  before(useCpuBackend);

  it('a step reports the four metrics and changes both networks without leaking tensors', () => {
    const gan = makeGan({});
    try {
      const g0 = snapshot(gan, 'generator/deconv0/kernel');
      const d0 = snapshot(gan, 'discriminator/conv0/kernel');
      const batch = gatherBatch(tinyData().train, [0, 1, 2, 3, 4, 5, 6, 7]);
      const metrics = gan.trainStep(batch, { epoch: 1, step: 0, globalStep: 0, seed: 1 });
      batch.x.dispose();
      assert.deepEqual(Object.keys(metrics).sort(), ['dFake', 'dLoss', 'dReal', 'gLoss']);
      const values = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, (v as tf.Scalar).dataSync()[0]]));
      tf.dispose(Object.values(metrics) as tf.Scalar[]);
      // At initialization D is near ½ everywhere: its loss near 2·ln 2, G's near ln 2.
      assert.ok(Math.abs(values.dLoss - 2 * Math.LN2) < 0.3, `dLoss ${values.dLoss}`);
      assert.ok(values.dReal > 0 && values.dReal < 1 && values.dFake > 0 && values.dFake < 1);
      assert.notDeepEqual(snapshot(gan, 'generator/deconv0/kernel'), g0);
      assert.notDeepEqual(snapshot(gan, 'discriminator/conv0/kernel'), d0);

      // Adam's slots exist after the first step; from then on the count must stay put.
      const tensors = tf.memory().numTensors;
      runSteps(gan, 1, 4);
      assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
    } finally {
      gan.dispose();
    }
  });

  it('with dSteps 2 the generator moves only on every second step (MLP, minimax)', () => {
    const gan = makeGan({ architecture: 'mlp', hidden: [16], loss: 'minimax', dSteps: 2 });
    try {
      const g0 = snapshot(gan, 'generator/to_image/kernel');
      runSteps(gan, 0, 1);
      assert.deepEqual(snapshot(gan, 'generator/to_image/kernel'), g0);
      runSteps(gan, 1, 2);
      assert.notDeepEqual(snapshot(gan, 'generator/to_image/kernel'), g0);
    } finally {
      gan.dispose();
    }
  });

  it('the minibatch standard deviation is the mean per-feature spread across the batch, 0 for a batch of twins', () => {
    // Features [[0, 1], [2, 5]]: standard deviations (population) 1 and 2, mean 1.5, for both images.
    const spread = minibatchStdDev(tf.tensor2d([[0, 1], [2, 5]]));
    assert.deepEqual(spread.shape, [2, 1]);
    assert.deepEqual(Array.from(spread.dataSync()).map((v) => +v.toFixed(4)), [1.5, 1.5]);
    const twins = minibatchStdDev(tf.tensor4d([1, 2, 3, 4, 1, 2, 3, 4], [2, 2, 2, 1]));
    assert.ok(twins.dataSync().every((v) => v < 1e-3), `twins ${twins.dataSync()}`);
    // It must pass a gradient back, or D could not use it against G: d spread / d x is finite and non-zero.
    const grad = tf.grad((x: tf.Tensor) => tf.sum(minibatchStdDev(x)))(tf.tensor2d([[0, 1], [2, 5]]));
    assert.ok(grad.dataSync().every(Number.isFinite) && grad.dataSync().some((v) => v !== 0));
    tf.dispose([spread, twins, grad]);
  });

  for (const architecture of ['dcgan', 'mlp'] as const) {
    it(`minibatchStdDev feeds D's logit one more input and trains without leaks (${architecture})`, () => {
      const model = architecture === 'mlp' ? { architecture, hidden: [16] } : { architecture };
      // Variables are named globally: one model at a time.
      const rows = (gan: GenerativeModel) => gan.state().variables['discriminator/logit/kernel'].shape[0];
      const plain = makeGan(model);
      const plainRows = rows(plain);
      plain.dispose();
      const withSpread = makeGan({ ...model, minibatchStdDev: true });
      try {
        assert.equal(rows(withSpread), plainRows + 1);
        runSteps(withSpread, 0, 1);
        const tensors = tf.memory().numTensors;
        runSteps(withSpread, 1, 3);
        assert.equal(tf.memory().numTensors, tensors, 'tensors leaked');
      } finally {
        withSpread.dispose();
      }
    });
  }

  it('a checkpoint round trip (weights, batch-norm statistics, both Adams) continues identically', async () => {
    // Train, checkpoint, take one more step and sample: that is the reference.
    const first = makeGan({});
    let reference: Picture['pixels'];
    let checkpoint: string;
    try {
      runSteps(first, 0, 3);
      checkpoint = await saveCheckpoint(tmp.path, first.state(), { epoch: 1, step: 3, globalStep: 3, epochSums: {}, epochCount: 0 });
      runSteps(first, 3, 4);
      reference = await samplePixels(first);
    } finally {
      first.dispose();
    }
    // A fresh model restored from the checkpoint takes the same step and must sample the same.
    const second = makeGan({});
    try {
      const untrained = await samplePixels(second);
      assert.notDeepEqual(untrained, reference);
      await restoreCheckpoint(checkpoint, second.state());
      runSteps(second, 3, 4);
      assert.deepEqual(await samplePixels(second), reference);
    } finally {
      second.dispose();
    }
  });
});
