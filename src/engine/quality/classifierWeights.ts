import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLASSIFIER_TENSORS, type ClassifierWeights } from './classifierNetwork';

/** The data sets a classifier ships for. */
export const CLASSIFIER_DATA_SETS = ['mnist', 'fashion-mnist'] as const;
export type ClassifierDataSet = (typeof CLASSIFIER_DATA_SETS)[number];

/** What a shipped classifier's manifest says besides its weights: where it came from and how good it is. */
export interface ClassifierProvenance {
  dataSet: ClassifierDataSet;
  run: string;
  epochs: number;
  /** On the whole test set, measured with the shipped weights. */
  testAccuracy: number;
  trainedWith: string;
}

/** A shipped classifier's `<data set>.json`: a tfjs weights manifest (float32, as its run saved them) plus its provenance. */
export interface ClassifierManifest {
  format: 'genlab-classifier-1';
  provenance: ClassifierProvenance;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

export const CLASSIFIER_FOLDER = join('media', 'classifiers');

/**
 * The folder the classifiers ship in: media/classifiers at the package root, found upward from this file
 * (src/engine/quality in a checkout, dist/ in the bundle).
 */
export function classifierFolder(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, CLASSIFIER_FOLDER);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no ${CLASSIFIER_FOLDER} folder above ${from}: the package is incomplete`);
  }
}

export function readClassifierManifest(dataSet: ClassifierDataSet, folder = classifierFolder()): ClassifierManifest {
  return JSON.parse(readFileSync(join(folder, `${dataSet}.json`), 'utf8')) as ClassifierManifest;
}

/** The shipped classifier of `dataSet` as tensors (the caller disposes them), checked against the network's layout. */
export function loadClassifier(dataSet: ClassifierDataSet, folder = classifierFolder()): ClassifierWeights {
  const manifest = readClassifierManifest(dataSet, folder);
  const [group] = manifest.weightsManifest;
  const bytes = readFileSync(join(folder, group.paths[0]));
  const decoded = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), group.weights);
  const wrong = CLASSIFIER_TENSORS.find(({ name, shape }) => decoded[name]?.shape.join('×') !== shape.join('×'));
  if (wrong) {
    tf.dispose(Object.values(decoded));
    throw new Error(`${join(folder, `${dataSet}.json`)}: ${wrong.name} is missing or not ${wrong.shape.join('×')}`);
  }
  return decoded;
}
