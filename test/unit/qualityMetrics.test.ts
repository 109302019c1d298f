import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/engine/backend/select';
import { parseConfig } from '../../src/engine/config/load';
import { gatherBatch, takeFirst, type DataSplits, type ImageSet } from '../../src/engine/data/dataset';
import { writeFaceSet } from '../../src/engine/data/faces';
import { loadData } from '../../src/engine/data/load';
import type { GenerativeModel, QualitySamples } from '../../src/engine/models/model';
import { readImageSet } from '../../src/engine/quality/classifierReadout';
import { loadClassifier, readClassifierManifest, type ClassifierDataSet } from '../../src/engine/quality/classifierWeights';
import { qualityJudge } from '../../src/engine/quality/qualityJudge';
import { train } from '../../src/engine/train/trainer';
import { Rng } from '../../src/engine/util/rng';
import type { TrainerEvent } from '../../src/shared/protocol';
import { ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const SAMPLES = 1000;

/** Images `indices` of `set` as floats in [0, 1], each value moved by up to ±jitter. */
function imagesOf(set: ImageSet, indices: number[], jitter = 0): Float32Array {
  const batch = gatherBatch(set, indices);
  const values = batch.x.dataSync() as Float32Array;
  batch.x.dispose();
  const rng = new Rng(3);
  return jitter ? values.map((v) => Math.min(1, Math.max(0, v + jitter * (2 * rng.uniform() - 1)))) : values;
}

/** A stand-in generator whose quality samples are the first of the given images (and requested classes). */
const generator = (samples: QualitySamples) => ({
  qualitySamples: async (n: number) => {
    const size = samples.images.length / samples.count;
    return { images: samples.images.subarray(0, n * size), count: n, labels: samples.labels?.subarray(0, n) };
  },
}) as unknown as GenerativeModel;

const config = (qualitySamples: number) => parseConfig(JSON.stringify({
  name: 'judge', model: { type: 'vae' }, data: { source: 'mnist' }, training: { qualitySamples } }), 'judge.genlab.json');

describe('quality metrics (the shipped classifiers, FID, class coverage, conditional accuracy)', function () {
  this.timeout(120000);
  const tmp = useTempDir();
  let mnist: DataSplits;
  before(async () => {
    await selectBackend('wasm');
    mnist = await loadData({ source: 'mnist', binarize: 'none', padTo32: false });
  });

  for (const [dataSet, floor] of [['mnist', 0.99], ['fashion-mnist', 0.9]] as const) {
    it(`the shipped ${dataSet} classifier gets ≥ ${floor * 100}% of the whole test set right, as its manifest says`, async () => {
      if (dataSet === 'fashion-mnist') assert.ok(existsSync(FASHION_DIR), `${FASHION_DIR} is missing: apt-get install dataset-fashion-mnist`);
      const data = dataSet === 'mnist' ? mnist : await loadData({ source: dataSet, dir: FASHION_DIR, binarize: 'none', padTo32: false });
      const weights = loadClassifier(dataSet as ClassifierDataSet);
      const { predictions } = await readImageSet(weights, data.test);
      tf.dispose(Object.values(weights));
      const accuracy = predictions.filter((k, i) => k === data.test.labels[i]).length / data.test.count;
      assert.ok(accuracy >= floor, `test accuracy ${accuracy}`);
      assert.ok(Math.abs(accuracy - readClassifierManifest(dataSet as ClassifierDataSet).provenance.testAccuracy) <= 2 / data.test.count,
        'the manifest\'s accuracy is the shipped weights\'');
    });
  }

  it('scores real images near FID 0 with every class, and a collapsed generator far worse with one class', async () => {
    const test = takeFirst(mnist.test, 2000);
    const judge = qualityJudge(config(SAMPLES), { ...mnist, test }, generator({ images: new Float32Array(), count: 0 }))!;
    const trainIndices = Array.from({ length: SAMPLES }, (_, i) => i);
    const real = await judge.measure(generator({ images: imagesOf(mnist.train, trainIndices), count: SAMPLES }), 1);
    // One training image, over and over, with its pixels jittered: what a collapsed generator makes.
    const collapsed = await judge.measure(generator({ images: imagesOf(mnist.train, trainIndices.map(() => 0), 0.1), count: SAMPLES }), 1);
    judge.dispose();
    assert.equal(real.classCoverage, 1);
    assert.ok(real.classEntropy > 0.98 * Math.log(10), `entropy ${real.classEntropy}`);
    assert.ok(collapsed.classCoverage <= 0.2 && collapsed.classEntropy < 0.5, JSON.stringify(collapsed));
    assert.ok(real.fid < collapsed.fid / 20, `FID real ${real.fid}, collapsed ${collapsed.fid}`);
  });

  it('a conditional model\'s samples are checked against the classes it was asked for', async () => {
    const test = takeFirst(mnist.test, 1000);
    const judge = qualityJudge(config(SAMPLES), { ...mnist, test }, generator({ images: new Float32Array(), count: 0 }))!;
    const indices = Array.from({ length: SAMPLES }, (_, i) => i);
    const images = imagesOf(mnist.train, indices);
    const labels = mnist.train.labels.slice(0, SAMPLES);
    const right = await judge.measure(generator({ images, count: SAMPLES, labels }), 1);
    const wrong = await judge.measure(generator({ images, count: SAMPLES, labels: labels.map((k) => (k + 1) % 10) }), 1);
    judge.dispose();
    assert.ok(right.conditionalAccuracy > 0.98, `${right.conditionalAccuracy}`);
    assert.ok(wrong.conditionalAccuracy < 0.05, `${wrong.conditionalAccuracy}`);
  });

  it('asks a model for as many samples as the test set has real images when that is fewer, and refuses a wrong count', async () => {
    const test = takeFirst(mnist.test, 300);
    const asked: number[] = [];
    const images = imagesOf(mnist.train, Array.from({ length: 300 }, (_, i) => i));
    const model = { qualitySamples: async (n: number) => (asked.push(n), { images, count: 300 }) } as unknown as GenerativeModel;
    const judge = qualityJudge(config(SAMPLES), { ...mnist, test }, model)!;
    assert.ok(Number.isFinite((await judge.measure(model, 1)).fid));
    assert.deepEqual(asked, [300]);
    const short = { qualitySamples: async () => ({ images: images.subarray(0, 10 * 784), count: 10 }) } as unknown as GenerativeModel;
    await assert.rejects(judge.measure(short, 1), /qualitySamples gave 7840 values for 10 images when asked for 300 of 28×28×1/);
    judge.dispose();
  });

  it('there is no judge with the metrics off, for a model that makes no images, or for images no yardstick knows', () => {
    const model = generator({ images: new Float32Array(), count: 0 });
    assert.equal(qualityJudge(config(0), mnist, model), null);
    assert.equal(qualityJudge(config(SAMPLES), mnist, {} as GenerativeModel), null);
    const wide = { ...mnist, test: { ...mnist.test, height: 20, width: 20 } };
    assert.equal(qualityJudge(config(SAMPLES), wide, model), null);
  });

  it('the trainer adds them to every epoch of a run on MNIST, a conditional model\'s with its conditional accuracy; 0 turns them off', async () => {
    const example = join(ROOT, 'examples', 'cvae-mnist.genlab.json');
    const sets = ['model.hidden=[16]', 'data.limit=256', 'data.testLimit=200', 'training.epochs=2', 'training.qualitySamples=200'];
    const epochs = async (overrides: string[]) => {
      const events: TrainerEvent[] = [];
      await train({ configPath: example, overrides, outDir: tmp.path, emit: (e) => events.push(e) });
      return events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    };
    const judged = await epochs(sets);
    assert.equal(judged.length, 2);
    for (const m of judged) {
      for (const name of ['fid', 'classCoverage', 'classEntropy', 'conditionalAccuracy']) assert.ok(Number.isFinite(m[name]), `${name} in ${JSON.stringify(m)}`);
    }
    const off = await epochs([...sets, 'training.qualitySamples=0']);
    assert.ok(off.every((m) => m.fid === undefined && m.classCoverage === undefined && m.testNegElbo !== undefined));
  });

  it('on an image folder, scores samples\' diversity against the real images: real ones ≈ 1, a collapsed generator far lower', async () => {
    await writeFaceSet({ n: 120, seed: 4, outDir: join(tmp.path, 'faces') });
    const faces = parseConfig(JSON.stringify({ name: 'faces', model: { type: 'gan', architecture: 'dcgan' },
      data: { source: 'image-folder', dir: join(tmp.path, 'faces'), testFraction: 0.5 }, training: { qualitySamples: 60 } }), 'faces.genlab.json');
    const data = await loadData(faces.data!);
    const judge = qualityJudge(faces, data, generator({ images: new Float32Array(), count: 0 }))!;
    const indices = Array.from({ length: 60 }, (_, i) => i);
    const real = await judge.measure(generator({ images: imagesOf(data.test, indices), count: 60 }), 1);
    const collapsed = await judge.measure(generator({ images: imagesOf(data.test, indices.map(() => 0), 0.1), count: 60 }), 1);
    judge.dispose();
    assert.ok(Math.abs(real.diversityRatio - 1) < 0.15, `real test faces against the training faces: ×${real.diversityRatio}`);
    assert.ok(collapsed.diversityRatio < 0.2 * real.diversityRatio, `one face, jittered: ×${collapsed.diversityRatio}`);
    assert.equal(real.fid, undefined);
  });

  it('refuses training.qualitySamples = 1, naming the field', () => {
    assert.throws(() => config(1), /training\.qualitySamples.*0 \(off\) or at least 2/s);
  });
});
