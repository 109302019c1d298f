import * as tf from '@tensorflow/tfjs-core';
import type { GenlabConfig } from '../config/schema';
import { gatherBatch, type DataSplits, type ImageSet } from '../data/dataset';
import type { GenerativeModel, QualitySamples } from '../models/model';
import { classCounts, classCoverage, classEntropy, conditionalAccuracy } from './classHistogram';
import { CLASSIFIER_CLASSES, CLASSIFIER_FEATURES, type ClassifierWeights } from './classifierNetwork';
import { readImages, readImageSet, readableShape } from './classifierReadout';
import { CLASSIFIER_DATA_SETS, loadClassifier, type ClassifierDataSet } from './classifierWeights';
import { diversity } from './diversity';
import { fitGaussian, frechetDistance, type FeatureGaussian } from './frechet';

/** Real images the diversity of samples is set against: at most 1024 of the training set, evenly spaced. */
const REFERENCE_IMAGES = 1024;

/**
 * Scores a generator's samples at each epoch's end: the trainer asks it for metrics beside the model's own.
 * The samples come from `model.qualitySamples` with one seed for the whole run, so the epochs' numbers differ
 * by what the model learnt, not by the draw.
 */
export interface QualityJudge {
  measure(model: GenerativeModel, seed: number): Promise<Record<string, number>>;
  dispose(): void;
}

/**
 * The judge for this run, or null where there is none to make: quality metrics off (`training.qualitySamples`
 * 0), a model that makes no images, images GenLab has no yardstick for (not MNIST-shaped, not a folder), or fewer
 * than two real images to set them against. The samples are at most as many as those real images, so that FID
 * compares sets of one size (and a test run on a few images stays quick).
 */
export function qualityJudge(config: GenlabConfig, data: DataSplits | null, model: GenerativeModel): QualityJudge | null {
  const count = config.training.qualitySamples;
  if (count === 0 || !data || !config.data || !model.qualitySamples) return null;
  const source = config.data.source;
  if (source === 'image-folder') {
    return data.train.count >= 2 ? new DiversityJudge(Math.min(count, data.train.count, REFERENCE_IMAGES), data.train) : null;
  }
  if ((CLASSIFIER_DATA_SETS as readonly string[]).includes(source) && readableShape(data.test) && data.test.count >= 2) {
    return new ClassifierJudge(Math.min(count, data.test.count), source as ClassifierDataSet, data.test);
  }
  return null;
}

/** The model's quality samples, checked against what it was asked for. */
async function samplesOf(model: GenerativeModel, count: number, seed: number, shape: ImageSet): Promise<QualitySamples> {
  const samples = await model.qualitySamples!(count, seed);
  const size = shape.height * shape.width * shape.channels;
  if (samples.count !== count || samples.images.length !== count * size || (samples.labels && samples.labels.length !== count)) {
    throw new Error(`qualitySamples gave ${samples.images.length} values for ${samples.count} images when asked for ${count} of ` +
      `${shape.height}×${shape.width}×${shape.channels}`);
  }
  return samples;
}

/**
 * MNIST and Fashion-MNIST: the shipped classifier's view of the samples. `fid` against the run's test set (the
 * Fréchet distance of the penultimate features' Gaussians), `classCoverage` and `classEntropy` of the predicted
 * classes, and for a conditional model `conditionalAccuracy` (the share classified as the class asked for).
 */
class ClassifierJudge implements QualityJudge {
  private readonly weights: ClassifierWeights;
  private reference: FeatureGaussian | undefined;

  constructor(private readonly count: number, dataSet: ClassifierDataSet, private readonly test: ImageSet) {
    this.weights = loadClassifier(dataSet);
  }

  /** The test set's feature Gaussian, read once a run. */
  private async testGaussian(): Promise<FeatureGaussian> {
    this.reference ??= fitGaussian((await readImageSet(this.weights, this.test)).features, this.test.count, CLASSIFIER_FEATURES);
    return this.reference;
  }

  async measure(model: GenerativeModel, seed: number): Promise<Record<string, number>> {
    const samples = await samplesOf(model, this.count, seed, this.test);
    const readout = await readImages(this.weights, samples.images, samples.count, this.test);
    const counts = classCounts(readout.predictions, CLASSIFIER_CLASSES);
    const fid = frechetDistance(fitGaussian(readout.features, readout.count, CLASSIFIER_FEATURES), await this.testGaussian());
    const metrics: Record<string, number> = { fid, classCoverage: classCoverage(counts), classEntropy: classEntropy(counts) };
    if (samples.labels) metrics.conditionalAccuracy = conditionalAccuracy(readout.predictions, samples.labels);
    return metrics;
  }

  dispose(): void {
    tf.dispose(Object.values(this.weights));
  }
}

/**
 * Image folders (the built-in faces, CelebA), where no classifier knows the data: `diversity` of the samples (see
 * ./diversity.ts) and `diversityRatio`, that over the same score of real training images — near 1 is as varied
 * as the data, near 0 a collapsed generator.
 */
class DiversityJudge implements QualityJudge {
  private readonly realDiversity: number;

  constructor(private readonly count: number, private readonly train: ImageSet) {
    const n = Math.min(REFERENCE_IMAGES, train.count);
    const batch = gatherBatch(train, Array.from({ length: n }, (_, i) => Math.floor((i * train.count) / n)));
    this.realDiversity = diversity(batch.x.dataSync() as Float32Array, n, train);
    batch.x.dispose();
  }

  async measure(model: GenerativeModel, seed: number): Promise<Record<string, number>> {
    const samples = await samplesOf(model, this.count, seed, this.train);
    const score = diversity(samples.images, samples.count, this.train);
    return { diversity: score, diversityRatio: score / this.realDiversity };
  }

  dispose(): void {}
}
