/**
 * Turns a classifier run's last checkpoint into the weights the quality metrics ship with:
 * media/classifiers/<data set>.bin (the checkpoint's float32 weights, as saved) and <data set>.json (their
 * manifest, and where they came from with their accuracy on the whole test set, measured here from the shipped
 * files). Usage: npx tsx scripts/ship-classifier.ts RUN_DIR mnist|fashion-mnist   (scripts/train-classifiers.sh)
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/engine/backend/select';
import { loadConfig } from '../src/engine/config/load';
import { loadData } from '../src/engine/data/load';
import { CLASSIFIER_FOLDER, CLASSIFIER_DATA_SETS, loadClassifier, type ClassifierDataSet, type ClassifierManifest } from '../src/engine/quality/classifierWeights';
import { readImageSet } from '../src/engine/quality/classifierReadout';
import { latestCheckpoint } from '../src/engine/runs/checkpoint';

async function main(): Promise<void> {
  const [runDir, dataSet] = process.argv.slice(2);
  if (!runDir || !(CLASSIFIER_DATA_SETS as readonly string[]).includes(dataSet)) {
    throw new Error(`usage: npx tsx scripts/ship-classifier.ts RUN_DIR ${CLASSIFIER_DATA_SETS.join('|')}`);
  }
  await selectBackend('wasm');
  const checkpoint = latestCheckpoint(join(runDir, 'checkpoints'));
  if (!checkpoint) throw new Error(`${runDir}: no intact checkpoint`);
  const config = loadConfig(join(runDir, 'config.json'), []);
  if (config.model.type !== 'classifier' || config.data?.source !== dataSet) throw new Error(`${runDir} is not a ${dataSet} classifier run`);

  const folder = resolve(CLASSIFIER_FOLDER);
  mkdirSync(folder, { recursive: true });
  const saved = JSON.parse(readFileSync(join(checkpoint, 'model.json'), 'utf8')) as { weightsManifest: ClassifierManifest['weightsManifest'] };
  const weightsFile = `${dataSet}.bin`;
  copyFileSync(join(checkpoint, saved.weightsManifest[0].paths[0]), join(folder, weightsFile));
  const manifest: ClassifierManifest = {
    format: 'genlab-classifier-1',
    provenance: { dataSet: dataSet as ClassifierDataSet, run: config.name, epochs: config.training.epochs, testAccuracy: NaN,
      trainedWith: `genlab train examples/classifier-${dataSet}.genlab.json (seed ${config.training.seed}), checkpoint ${checkpoint.split('/').pop()}` },
    weightsManifest: [{ paths: [weightsFile], weights: saved.weightsManifest[0].weights }],
  };
  writeFileSync(join(folder, `${dataSet}.json`), JSON.stringify(manifest, null, 1) + '\n');

  // The accuracy is measured on what ships, read back through the loader the metrics use.
  const weights = loadClassifier(dataSet as ClassifierDataSet, folder);
  const data = await loadData({ ...config.data, limit: undefined, testLimit: undefined });
  const { predictions, count } = await readImageSet(weights, data.test);
  manifest.provenance.testAccuracy = predictions.filter((k, i) => k === data.test.labels[i]).length / count;
  tf.dispose(Object.values(weights));
  writeFileSync(join(folder, `${dataSet}.json`), JSON.stringify(manifest, null, 1) + '\n');
  process.stdout.write(`${join(folder, `${dataSet}.json`)}: test accuracy ${manifest.provenance.testAccuracy} on ${count} images\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`ship-classifier: ${e.message}\n`);
  process.exit(1);
});
