import * as tf from '@tensorflow/tfjs-core';
import type { Batch, DataSplits, ImageSet } from '../../data/dataset';
import { sliceBatch } from '../../data/dataset';
import { tensorPicture } from '../../images/tensorPicture';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import { ganOptimizers } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { classGrid, cyclingLabels, oneHotLabels, requireLabelsBelow } from '../classConditioning';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import type { AcganConfig } from './config';
import { classLoss } from './losses';
import { buildAcganNetworks, type AcganNetworks } from './networks';

/** Images per forward pass when evaluating or drawing many samples. */
const CHUNK = 500;

class Acgan extends ParamModel implements GenerativeModel {
  private readonly nets: AcganNetworks;
  protected readonly optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly generatorVariables: tf.Variable[];
  private readonly discriminatorVariables: tf.Variable[];
  private readonly shape: ImageSet;
  private readonly pixels: number;

  constructor(private readonly c: AcganConfig, private readonly ctx: ModelContext<AcganConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0xac6));
    requireLabelsBelow(data, c.classes, 'AC-GAN');
    this.shape = data.train;
    this.pixels = this.shape.height * this.shape.width * this.shape.channels;
    this.nets = buildAcganNetworks(this.params, c, this.shape);
    this.generatorVariables = this.params.trainable('generator/');
    this.discriminatorVariables = this.params.trainable('discriminator/');
    this.optimizers = ganOptimizers(ctx.config.training.optimizer, c);
  }

  private regularized(loss: tf.Scalar, prefix: string): tf.Scalar {
    return this.params.regularized(loss, this.ctx.config.training.regularization, prefix);
  }

  /** G's input for `n` images: z ~ N(0, I) and classes drawn uniformly (or the given ones), one-hot. */
  private prior(n: number, seed: number, labels?: Uint8Array): { z: tf.Tensor2D; y: tf.Tensor2D } {
    const rng = new Rng(seed);
    const classes = labels ?? Uint8Array.from({ length: n }, () => rng.int(this.c.classes));
    return { z: tf.tensor2d(rng.normalArray(n * this.c.latentDim), [n, this.c.latentDim]), y: oneHotLabels(classes, this.c.classes) };
  }

  /**
   * One discriminator update on this batch and fresh fakes, then one generator update on other fresh fakes
   * (Odena et al.: D maximizes L_S + L_C, G maximizes L_C − L_S, with L_C the log-likelihood of the correct
   * class on real and generated images). The metrics come from D's pass before its update.
   */
  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('AC-GAN trains on a data set');
    const real = tf.tidy(() => tf.sub(tf.mul(batch.x, 2), 1) as tf.Tensor4D);
    const realY = oneHotLabels(batch.labels, this.c.classes);
    const input = this.prior(batch.size, deriveSeed(at.seed, 0));
    // Made outside D's tape: its update must not reach into the generator.
    const fake = tf.tidy(() => this.nets.generate(input.z, input.y, true));
    let metrics: Record<string, tf.Scalar> = {};
    this.optimizers.discriminator.minimize(() => {
      const realVerdict = this.nets.discriminate(real, true);
      const fakeVerdict = this.nets.discriminate(fake, true);
      const dLoss = discriminatorLoss(realVerdict.logits, fakeVerdict.logits);
      const classLossReal = classLoss(realVerdict.classLogits, realY);
      const classLossFake = classLoss(fakeVerdict.classLogits, input.y);
      metrics = {
        dLoss, gLoss: generatorLoss(fakeVerdict.logits, this.c.loss), classLossReal, classLossFake,
        dReal: tf.mean(tf.sigmoid(realVerdict.logits)) as tf.Scalar, dFake: tf.mean(tf.sigmoid(fakeVerdict.logits)) as tf.Scalar,
      };
      Object.values(metrics).forEach((m) => tf.keep(m));
      return this.regularized(tf.add(dLoss, tf.mul(this.c.classWeight, tf.add(classLossReal, classLossFake))) as tf.Scalar, 'discriminator/');
    }, false, this.discriminatorVariables);
    tf.dispose([real, realY, fake, input.z, input.y]);

    const g = this.prior(batch.size, deriveSeed(at.seed, 1));
    this.optimizers.generator.minimize(() => {
      const verdict = this.nets.discriminate(this.nets.generate(g.z, g.y, true), true);
      const loss = tf.add(generatorLoss(verdict.logits, this.c.loss), tf.mul(this.c.classWeight, classLoss(verdict.classLogits, g.y)));
      return this.regularized(loss as tf.Scalar, 'generator/');
    }, false, this.generatorVariables);
    tf.dispose([g.z, g.y]);
    return metrics;
  }

  /** The auxiliary head's most likely class for images in [0, 1], in inference mode. */
  private async classify(images: tf.Tensor4D): Promise<Int32Array> {
    const predicted = tf.tidy(() => tf.argMax(this.nets.discriminate(tf.sub(tf.mul(images, 2), 1) as tf.Tensor4D, false).classLogits, 1));
    const values = (await predicted.data()) as Int32Array;
    predicted.dispose();
    return values;
  }

  /**
   * The auxiliary classifier's accuracy on the test set (real images, their labels) and on `evaluationSamples`
   * generated images (the classes in turn, the class asked for as the label); fakeClassError is 1 − the latter.
   */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const test = this.data.test;
    let realCorrect = 0;
    for (let start = 0; start < test.count; start += CHUNK) {
      const batch = sliceBatch(test, start, CHUNK);
      const predicted = await this.classify(batch.x);
      batch.x.dispose();
      realCorrect += predicted.filter((k, i) => k === batch.labels[i]).length;
    }
    const n = this.c.evaluationSamples;
    const labels = cyclingLabels(n, this.c.classes);
    let fakeCorrect = 0;
    for (let start = 0; start < n; start += CHUNK) {
      const asked = labels.subarray(start, Math.min(n, start + CHUNK));
      const images = this.generateImages(asked, deriveSeed(seed, epoch, start));
      const predicted = await this.classify(images);
      images.dispose();
      fakeCorrect += predicted.filter((k, i) => k === asked[i]).length;
    }
    const fakeClassAccuracy = fakeCorrect / n;
    return { testClassAccuracy: realCorrect / test.count, fakeClassAccuracy, fakeClassError: 1 - fakeClassAccuracy };
  }

  /** G's images in [0, 1] for the classes `labels`, z from `seed` (or given), in inference mode. */
  private generateImages(labels: Uint8Array, seed: number, noise?: Float32Array): tf.Tensor4D {
    return tf.tidy(() => {
      const input = this.prior(labels.length, seed, labels);
      const z = noise ? tf.tensor2d(noise, [labels.length, this.c.latentDim]) : input.z;
      return tf.div(tf.add(this.nets.generate(z, input.y, false), 1), 2) as tf.Tensor4D;
    });
  }

  /** One row per class, one fixed z per column (the same every epoch), so a column shows one style in every class. */
  async artifacts(): Promise<Artifact[]> {
    const { labels, noise } = classGrid(this.c.classes, this.c.samplesPerClass, this.c.latentDim,
      deriveSeed(this.ctx.config.training.seed, 0x5a));
    const picture = await tensorPicture(this.generateImages(labels, 0, noise), this.shape, this.c.samplesPerClass);
    return [{ name: 'class-grid', kind: 'image', picture }];
  }

  /** `n` images, a row per class (⌈n / classes⌉ columns), each with its own z. */
  async sample(n: number, seed: number): Promise<Artifact[]> {
    const cols = Math.ceil(n / this.c.classes);
    const labels = Uint8Array.from({ length: n }, (_, i) => Math.floor(i / cols));
    return [{ name: 'samples', kind: 'image', picture: await tensorPicture(this.generateImages(labels, seed), this.shape, cols) }];
  }

  /** G's images for z from the prior, the classes cycling 0, 1, …: `labels` says which each was asked to be. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const labels = cyclingLabels(n, this.c.classes);
    const images = await imagesInChunks(n, this.pixels, (start, count) =>
      this.generateImages(labels.subarray(start, start + count), deriveSeed(seed, start)));
    return { images, count: n, labels };
  }
}

export const acganFactory = dataSetModelFactory<AcganConfig>('acgan', 'AC-GAN', (ctx, data) => new Acgan(ctx.model, ctx, data));
