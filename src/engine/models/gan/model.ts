import * as tf from '@tensorflow/tfjs-core';
import { sliceBatch, type DataSplits, type ImageSet, type Batch } from '../../data/dataset';
import { sideBySide } from '../../images/compose';
import { tileImages, type Picture } from '../../images/picture';
import { tensorPicture } from '../../images/tensorPicture';
import { ganOptimizers } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { splitPictures, toRows } from '../../images/pictureList';
import type { ModelExplorer } from '../model';
import type { GanConfig } from './config';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import { buildGanNetworks, ganGeneratorLayers, type GanNetworks } from './networks';
import { requirePart, type ExportedNetwork, type ExportPart } from '../../export/network';

/** Real and fake images shown beside each other in `real-vs-fake`. */
const REAL_VS_FAKE = 36;

class Gan extends ParamModel implements GenerativeModel {
  private readonly nets: GanNetworks;
  protected readonly optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly generatorVariables: tf.Variable[];
  private readonly discriminatorVariables: tf.Variable[];
  private readonly shape: ImageSet;

  constructor(private readonly c: GanConfig, private readonly ctx: ModelContext<GanConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0x6a4));
    this.shape = data.train;
    this.nets = buildGanNetworks(this.params, c, this.shape);
    this.generatorVariables = this.params.trainable('generator/');
    this.discriminatorVariables = this.params.trainable('discriminator/');
    this.optimizers = ganOptimizers(ctx.config.training.optimizer, c);
  }

  private noise(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalArray(n * this.c.latentDim), [n, this.c.latentDim]);
  }

  private regularized(loss: tf.Scalar, prefix: string): tf.Scalar {
    return this.params.regularized(loss, this.ctx.config.training.regularization, prefix);
  }

  /**
   * One discriminator update on this batch (Goodfellow et al.'s inner loop), then, after every
   * `dSteps`-th one, `gSteps` generator updates. The four metrics all come from the discriminator's
   * pass before this step's updates, so they describe one consistent moment: its loss, the
   * generator's loss against it, and its mean verdict on real images and on fakes.
   */
  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('the GAN trains on a data set');
    const n = batch.size;
    // Data in [0, 1] to the generator's tanh range [−1, 1].
    const real = tf.tidy(() => tf.sub(tf.mul(batch.x, 2), 1) as tf.Tensor4D);
    // Fakes made outside the discriminator's tape: its update must not reach into the generator.
    const fake = tf.tidy(() => {
      const z = this.noise(n, deriveSeed(at.seed, 0));
      return this.nets.generate(z, true);
    });
    const kept: Record<string, tf.Scalar> = {};
    const dLoss = this.optimizers.discriminator.minimize(() => {
      const realLogits = this.nets.discriminate(real, true);
      const fakeLogits = this.nets.discriminate(fake, true);
      kept.gLoss = tf.keep(generatorLoss(fakeLogits, this.c.loss));
      kept.dReal = tf.keep(tf.mean(tf.sigmoid(realLogits)) as tf.Scalar);
      kept.dFake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)) as tf.Scalar);
      return this.regularized(discriminatorLoss(realLogits, fakeLogits, 1 - this.c.labelSmoothing), 'discriminator/');
    }, true, this.discriminatorVariables)!;
    tf.dispose([real, fake]);

    if ((at.globalStep + 1) % this.c.dSteps === 0) {
      for (let g = 0; g < this.c.gSteps; g++) {
        const z = this.noise(n, deriveSeed(at.seed, 1 + g));
        this.optimizers.generator.minimize(
          () => this.regularized(generatorLoss(this.nets.discriminate(this.nets.generate(z, true), true), this.c.loss), 'generator/'),
          false, this.generatorVariables);
        z.dispose();
      }
    }
    return { dLoss, ...kept };
  }

  /** A GAN has no held-out likelihood to report; its epoch metrics are the step means. */
  async evaluate(): Promise<Record<string, number>> {
    return {};
  }

  /** Generator images for z, in inference mode (batch-norm's moving averages), as a tiled picture. */
  private generatePicture(z: () => tf.Tensor2D, cols: number): Promise<Picture> {
    return tensorPicture(tf.tidy(() => tf.div(tf.add(this.nets.generate(z(), false), 1), 2)), this.shape, cols);
  }

  async artifacts(epoch: number, seed: number): Promise<Artifact[]> {
    // The same z every epoch, so the grid shows one set of faces (or digits) taking shape.
    const fixed = await this.sample(this.c.samples, deriveSeed(this.ctx.config.training.seed, 0x5a));

    const test = this.data.test;
    const shown = sliceBatch(test, 0, Math.min(REAL_VS_FAKE, test.count));
    const realValues = (await shown.x.data()) as Float32Array;
    shown.x.dispose();
    const cols = Math.ceil(Math.sqrt(REAL_VS_FAKE));
    const realPicture = tileImages(realValues, shown.size, test.height, test.width, test.channels as 1 | 3, cols);
    const fakePicture = await this.generatePicture(() => this.noise(REAL_VS_FAKE, deriveSeed(seed, epoch)), cols);
    return [...fixed, { name: 'real-vs-fake', kind: 'image', picture: sideBySide(realPicture, fakePicture) }];
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const picture = await this.generatePicture(() => this.noise(n, seed), Math.ceil(Math.sqrt(n)));
    return [{ name: 'samples', kind: 'image', picture }];
  }

  /** Generator images of z from the prior, in inference mode, in [0, 1]. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const { height, width, channels } = this.shape;
    const images = await imagesInChunks(n, height * width * channels, (start, count) =>
      tf.tidy(() => tf.div(tf.add(this.nets.generate(this.noise(count, deriveSeed(seed, start)), false), 1), 2)));
    return { images, count: n };
  }

  exportNetwork(part: ExportPart): ExportedNetwork {
    requirePart('GAN', ['generator'], part);
    const { height, width, channels } = this.shape;
    return { part, inputShape: [this.c.latentDim], outputShape: [height, width, channels], output: 'pixels in [−1, 1]',
      layers: ganGeneratorLayers(this.c, this.shape), weights: this.params.variables,
      forward: (z) => tf.tidy(() => this.nets.generate(z as tf.Tensor2D, false)) };
  }

  explorer(): ModelExplorer {
    const dim = this.c.latentDim;
    return {
      latent: { kind: 'gaussian', dim },
      prior: (n, seed) => toRows(new Rng(seed).normalArray(n * dim), dim),
      decode: async (z) => {
        const images = tf.tidy(() => tf.div(tf.add(this.nets.generate(tf.tensor2d(z.flat(), [z.length, dim]), false), 1), 2));
        const values = (await images.data()) as Float32Array;
        images.dispose();
        return splitPictures(values, z.length, this.shape);
      },
    };
  }

}

export const ganFactory = dataSetModelFactory<GanConfig>('gan', 'the GAN', (ctx, data) => new Gan(ctx.model, ctx, data));
