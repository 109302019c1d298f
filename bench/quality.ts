/**
 * The quality metrics' yardsticks: the shipped classifiers' test accuracy, FID of real images against the test
 * set (training images, which should score ≈ 0, at 1000 and 10 000 images), and of a collapsed "generator" (one
 * training image repeated with ±0.1 pixel jitter), with the class coverage and entropy of each, and the time
 * one epoch's metrics take (after the first, which also reads the test set once). `npx tsx bench/quality.ts [mnist|fashion-mnist]`
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpus } from 'node:os';
import { selectBackend } from '../src/engine/backend/select';
import { dataSchema } from '../src/engine/config/common';
import { gatherBatch, type ImageSet } from '../src/engine/data/dataset';
import { loadData } from '../src/engine/data/load';
import type { GenerativeModel } from '../src/engine/models/model';
import { readImageSet } from '../src/engine/quality/classifierReadout';
import { CLASSIFIER_DATA_SETS, loadClassifier, type ClassifierDataSet } from '../src/engine/quality/classifierWeights';
import { qualityJudge } from '../src/engine/quality/qualityJudge';
import { parseConfig } from '../src/engine/config/load';
import { Rng } from '../src/engine/util/rng';

const round = (v: number) => Number(v.toPrecision(3));

function imagesOf(set: ImageSet, indices: number[], jitter = 0): Float32Array {
  const batch = gatherBatch(set, indices);
  const values = batch.x.dataSync() as Float32Array;
  batch.x.dispose();
  const rng = new Rng(3);
  return jitter ? values.map((v) => Math.min(1, Math.max(0, v + jitter * (2 * rng.uniform() - 1)))) : values;
}

async function main() {
  const dataSets = process.argv.length > 2 ? process.argv.slice(2) as ClassifierDataSet[] : [...CLASSIFIER_DATA_SETS];
  const backend = await selectBackend('auto');
  for (const dataSet of dataSets) {
    const data = await loadData(dataSchema.parse({ source: dataSet }));
    const weights = loadClassifier(dataSet);
    const { predictions } = await readImageSet(weights, data.test);
    tf.dispose(Object.values(weights));
    const accuracy = predictions.filter((k, i) => k === data.test.labels[i]).length / data.test.count;
    for (const n of [1000, 10000]) {
      const config = parseConfig(JSON.stringify({ name: 'bench', model: { type: 'vae' }, data: { source: dataSet }, training: { qualitySamples: n } }), 'bench');
      const generator = (images: Float32Array) => ({ qualitySamples: async () => ({ images, count: n }) }) as unknown as GenerativeModel;
      const judge = qualityJudge(config, data, generator(new Float32Array()))!;
      const indices = Array.from({ length: n }, (_, i) => i);
      const realImages = generator(imagesOf(data.train, indices));
      await judge.measure(realImages, 1); // the first measure also reads the test set's features, once a run
      const started = performance.now();
      const real = await judge.measure(realImages, 1);
      const seconds = (performance.now() - started) / 1000;
      const collapsed = await judge.measure(generator(imagesOf(data.train, indices.map(() => 0), 0.1)), 1);
      judge.dispose();
      console.log(JSON.stringify({ bench: 'quality', dataSet, backend: backend.name, cpu: cpus()[0]?.model, classifierTestAccuracy: accuracy,
        samples: n, fidTrainVsTest: round(real.fid), coverage: real.classCoverage, entropy: round(real.classEntropy),
        fidCollapsed: round(collapsed.fid), coverageCollapsed: collapsed.classCoverage, entropyCollapsed: round(collapsed.classEntropy),
        metricsSeconds: round(seconds) }));
    }
  }
}

void main();
