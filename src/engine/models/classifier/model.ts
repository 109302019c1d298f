import * as tf from '@tensorflow/tfjs-core';
import { sliceBatch, type Batch, type DataSplits } from '../../data/dataset';
import { tileImages } from '../../images/picture';
import { makeOptimizer } from '../../nn/optimizers';
import { CLASSIFIER_CLASSES, CLASSIFIER_SIDE, classify, createClassifierWeights, type ClassifierWeights } from '../../quality/classifierNetwork';
import { deriveSeed } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext } from '../model';
import { ParamModel } from '../paramModel';
import { testSetMeans } from '../testSet';
import type { ClassifierConfig } from './config';

const EVAL_BATCH = 1000;

/** Mean cross-entropy of the logits against the labels, and the share classified right. */
function lossAndHits(weights: ClassifierWeights, batch: Batch): { loss: tf.Tensor1D; hits: tf.Tensor1D } {
  const { logits } = classify(weights, batch.x);
  const labels = tf.tensor1d(batch.labels, 'int32');
  const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, CLASSIFIER_CLASSES), logits, undefined, undefined, tf.Reduction.NONE) as tf.Tensor1D;
  const hits = tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32') as tf.Tensor1D;
  return { loss, hits };
}

/**
 * The quality metrics' classifier as a trainable model, so GenLab trains (and checkpoints, resumes, charts) it
 * like any other; scripts/train-classifiers.sh turns a run's last checkpoint into the weights the metrics ship with.
 */
class Classifier extends ParamModel implements GenerativeModel {
  private readonly weights: ClassifierWeights;
  protected readonly optimizers: { adam: tf.Optimizer };

  constructor(private readonly ctx: ModelContext<ClassifierConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0xc1a5));
    const { height, width, channels } = data.train;
    if (height !== CLASSIFIER_SIDE || width !== CLASSIFIER_SIDE || channels !== 1) {
      throw new Error(`the classifier takes ${CLASSIFIER_SIDE}×${CLASSIFIER_SIDE} grey images; ${data.source} has ${height}×${width}×${channels} (padTo32 off)`);
    }
    this.weights = createClassifierWeights(this.params);
    this.optimizers = { adam: makeOptimizer(ctx.config.training.optimizer) };
  }

  trainStep(batch: Batch | null): Record<string, tf.Scalar> {
    if (!batch) throw new Error('the classifier trains on a data set');
    const kept: Record<string, tf.Scalar> = {};
    const loss = this.optimizers.adam.minimize(() => {
      const { loss: perExample, hits } = lossAndHits(this.weights, batch);
      kept.accuracy = tf.keep(tf.mean(hits) as tf.Scalar);
      return this.params.regularized(tf.mean(perExample) as tf.Scalar, this.ctx.config.training.regularization);
    }, true, this.params.trainable())!;
    return { loss, ...kept };
  }

  /** Test cross-entropy (nats), accuracy and error rate. */
  async evaluate(): Promise<Record<string, number>> {
    const { loss, hits } = await testSetMeans(this.data.test, (batch) => lossAndHits(this.weights, batch));
    return { testLoss: loss, testAccuracy: hits, testError: 1 - hits };
  }

  async artifacts(): Promise<Artifact[]> {
    return this.sample(64);
  }

  /** Up to `n` test images the classifier gets wrong, in test-set order: what it still finds hard. */
  async sample(n: number): Promise<Artifact[]> {
    const test = this.data.test;
    const size = test.height * test.width;
    const wrong: Float32Array[] = [];
    for (let start = 0; start < test.count && wrong.length < n; start += EVAL_BATCH) {
      const batch = sliceBatch(test, start, EVAL_BATCH);
      const hitsTensor = tf.tidy(() => lossAndHits(this.weights, batch).hits);
      const [hits, pixels] = [await hitsTensor.data(), (await batch.x.data()) as Float32Array];
      tf.dispose([hitsTensor, batch.x]);
      for (let i = 0; i < batch.size && wrong.length < n; i++) {
        if (hits[i] === 0) wrong.push(pixels.slice(i * size, (i + 1) * size));
      }
    }
    const values = new Float32Array(wrong.length * size);
    wrong.forEach((image, i) => values.set(image, i * size));
    return [{ name: 'misclassified', kind: 'image', picture: tileImages(values, wrong.length, test.height, test.width, 1, 8) }];
  }
}

export const classifierFactory = dataSetModelFactory<ClassifierConfig>('classifier', 'the classifier', (ctx, data) => new Classifier(ctx, data));
