import * as tf from '@tensorflow/tfjs-core';
import type { PriorDensityGrid } from '../../../shared/protocol';
import { sliceBatch, type Batch, type DataSplits, type ImageSet } from '../../data/dataset';
import { scatterPicture, type Picture } from '../../images/picture';
import { reconstructionRows } from '../../images/reconstructionRows';
import { tensorPicture } from '../../images/tensorPicture';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import { ganOptimizers, makeOptimizer } from '../../nn/optimizers';
import { bceFromLogits } from '../../nn/vaeLosses';
import { mmdSquared } from '../../stats/mmd';
import { deriveSeed } from '../../util/rng';
import { cyclingLabels, oneHotLabels, requireLabelsBelow } from '../classConditioning';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { testSetMeans } from '../testSet';
import type { AaeConfig } from './config';
import { buildAaeNetworks, type AaeNetworks } from './networks';
import { makePrior, type LatentPrior } from './priors';
import { latentScatterData, manifoldCodes, priorDensityGrid } from './views';

/** Test images per encoder pass for the scatter and the MMD. */
const ENCODE_BATCH = 1000;

class Aae extends ParamModel implements GenerativeModel {
  private readonly nets: AaeNetworks;
  protected readonly optimizers: { autoencoder: tf.Optimizer; generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly prior: LatentPrior;
  private readonly shape: ImageSet;
  private readonly pixels: number;
  private readonly variables: { autoencoder: tf.Variable[]; encoder: tf.Variable[]; discriminator: tf.Variable[] };
  private density: PriorDensityGrid | null = null;

  constructor(private readonly c: AaeConfig, private readonly ctx: ModelContext<AaeConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0xaae));
    this.prior = makePrior(c.prior, c.latentDim, c.classes);
    if (c.supervised) {
      if (c.prior === 'gaussian') throw new Error('model.supervised needs a prior with parts for the labels to pick: "mixture" or "swiss-roll"');
      requireLabelsBelow(data, c.classes, 'the supervised adversarial autoencoder');
    }
    this.shape = data.train;
    this.pixels = this.shape.height * this.shape.width * this.shape.channels;
    this.nets = buildAaeNetworks(this.params, c, this.pixels);
    const encoder = this.params.trainable('encoder/');
    this.variables = { autoencoder: [...encoder, ...this.params.trainable('decoder/')], encoder,
      discriminator: this.params.trainable('discriminator/') };
    const settings = ctx.config.training.optimizer;
    this.optimizers = { autoencoder: makeOptimizer(settings), ...ganOptimizers(settings, c) };
  }

  private regularized(loss: tf.Scalar, ...prefixes: string[]): tf.Scalar {
    return prefixes.reduce((l, prefix) => this.params.regularized(l, this.ctx.config.training.regularization, prefix), loss);
  }

  /** Prior draws for a batch: in the supervised AAE, draw i from the component of label i. */
  private priorDraws(labels: Uint8Array, seed: number): tf.Tensor2D {
    return tf.tensor2d(this.prior.sample(labels.length, seed, this.c.supervised ? labels : undefined), [labels.length, this.c.latentDim]);
  }

  /**
   * The paper's two phases on one batch. Reconstruction: encoder and decoder minimize the Bernoulli NLL (BCE).
   * Regularization: the discriminator learns to tell prior draws from codes of the batch, then the encoder, as the
   * generator, is updated to fool it (the non-saturating loss). The discriminator's metrics are from its pass.
   */
  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('the adversarial autoencoder trains on a data set');
    const kept: Record<string, tf.Scalar> = {};
    const flat = tf.reshape(batch.x, [batch.size, this.pixels]) as tf.Tensor2D;
    const loss = this.optimizers.autoencoder.minimize(() => {
      kept.reconstruction = tf.keep(tf.mean(bceFromLogits(flat, this.nets.decode(this.nets.encode(batch.x)))) as tf.Scalar);
      return this.regularized(kept.reconstruction, 'encoder/', 'decoder/');
    }, true, this.variables.autoencoder)!;

    const labels = this.c.supervised ? oneHotLabels(batch.labels, this.c.classes) : null;
    const drawn = this.priorDraws(batch.labels, at.seed);
    // Codes made outside the discriminator's tape: its update must not reach into the encoder.
    const codes = tf.tidy(() => this.nets.encode(batch.x));
    const dLoss = this.optimizers.discriminator.minimize(() => {
      const [priorLogits, codeLogits] = [this.nets.discriminate(drawn, labels), this.nets.discriminate(codes, labels)];
      kept.dPrior = tf.keep(tf.mean(tf.sigmoid(priorLogits)) as tf.Scalar);
      kept.dCode = tf.keep(tf.mean(tf.sigmoid(codeLogits)) as tf.Scalar);
      return this.regularized(discriminatorLoss(priorLogits, codeLogits), 'discriminator/');
    }, true, this.variables.discriminator)!;
    const gLoss = this.optimizers.generator.minimize(
      () => generatorLoss(this.nets.discriminate(this.nets.encode(batch.x), labels), 'non-saturating'), true, this.variables.encoder)!;
    tf.dispose(labels ? [flat, drawn, codes, labels] : [flat, drawn, codes]);
    return { loss, dLoss, gLoss, ...kept };
  }

  /** Codes of the first `count` test images, read back, with their labels. */
  private async testCodes(count: number): Promise<{ codes: Float32Array; labels: Uint8Array }> {
    const test = this.data.test;
    const n = Math.min(count, test.count);
    const codes = new Float32Array(n * this.c.latentDim);
    for (let start = 0; start < n; start += ENCODE_BATCH) {
      const batch = sliceBatch(test, start, Math.min(ENCODE_BATCH, n - start));
      const z = tf.tidy(() => this.nets.encode(batch.x));
      codes.set((await z.data()) as Float32Array, start * this.c.latentDim);
      tf.dispose([batch.x, z]);
    }
    return { codes, labels: test.labels.slice(0, n) };
  }

  /**
   * testMmd: MMD² (unbiased, RBF kernels σ = 0.2, 0.5, 1, 2 summed) between the codes of the first `mmdPoints` test
   * images and as many prior draws, from the component of each image's label in the supervised AAE. The draws are the
   * same every epoch, so the curve moves with the encoder alone (absent for a test set of one image: MMD needs two).
   * testReconstruction: the test set's BCE in nats.
   */
  async evaluate(): Promise<Record<string, number>> {
    const { reconstruction } = await testSetMeans(this.data.test, (batch) => ({
      reconstruction: bceFromLogits(tf.reshape(batch.x, [batch.size, this.pixels]) as tf.Tensor2D, this.nets.decode(this.nets.encode(batch.x))),
    }));
    if (this.data.test.count < 2) return { testReconstruction: reconstruction };
    return { testMmd: await this.testMmd(), testReconstruction: reconstruction };
  }

  private async testMmd(): Promise<number> {
    const { codes, labels } = await this.testCodes(this.c.mmdPoints);
    const drawn = this.prior.sample(labels.length, deriveSeed(this.ctx.config.training.seed, 0x3d3d), this.c.supervised ? labels : undefined);
    return mmdSquared({ values: codes, dim: this.c.latentDim }, { values: drawn, dim: this.c.latentDim });
  }

  /** Pixel probabilities of p(x|z) for codes `z` [n·latent], as images. */
  private decodeImages(z: Float32Array): tf.Tensor4D {
    const n = z.length / this.c.latentDim;
    return tf.tidy(() => tf.reshape(tf.sigmoid(this.nets.decode(tf.tensor2d(z, [n, this.c.latentDim]))),
      [n, this.shape.height, this.shape.width, this.shape.channels]) as tf.Tensor4D);
  }

  async artifacts(): Promise<Artifact[]> {
    const out = await this.sample(this.c.samples, deriveSeed(this.ctx.config.training.seed, 0x5a));
    out.push({ name: 'reconstructions', kind: 'image', picture: await this.reconstructions() });
    if (this.c.latentDim < 2) return out;
    const n = this.c.manifoldSize;
    out.push({ name: 'manifold', kind: 'image', picture: await tensorPicture(this.decodeImages(manifoldCodes(n, this.c.latentDim, this.prior.extent)), this.shape, n, 0) });
    this.density ??= priorDensityGrid(this.prior, deriveSeed(this.ctx.config.training.seed, 0xde));
    const { codes, labels } = await this.testCodes(this.c.scatterPoints);
    const scatter = latentScatterData(codes, labels, this.c.latentDim, this.density);
    out.push({ name: 'latent-scatter', kind: 'json', data: scatter },
      { name: 'latent-scatter', kind: 'image', picture: scatterPicture(scatter.points.map(([x, y, label]) => ({ x, y, label })), 480, this.density) });
    return out;
  }

  /** Test images above their reconstructions. */
  private async reconstructions(): Promise<Picture> {
    const test = this.data.test;
    const shown = sliceBatch(test, 0, Math.min(16, test.count));
    const recon = tf.tidy(() => tf.sigmoid(this.nets.decode(this.nets.encode(shown.x))));
    const [orig, rec] = [(await shown.x.data()) as Float32Array, (await recon.data()) as Float32Array];
    tf.dispose([shown.x, recon]);
    return reconstructionRows(orig, rec, shown.size, test, 8);
  }

  /** `n` decoded draws from the whole prior. */
  async sample(n: number, seed: number): Promise<Artifact[]> {
    const z = this.prior.sample(n, seed);
    return [{ name: 'samples', kind: 'image', picture: await tensorPicture(this.decodeImages(z), this.shape, Math.ceil(Math.sqrt(n))) }];
  }

  /**
   * Decoder means of prior draws. In the supervised AAE the components cycle 0, 1, … and `labels` says which each
   * image was drawn from, the class the encoder put there.
   */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const labels = this.c.supervised ? cyclingLabels(n, this.c.classes) : undefined;
    const images = await imagesInChunks(n, this.pixels, (start, count) =>
      this.decodeImages(this.prior.sample(count, deriveSeed(seed, start), labels?.subarray(start, start + count))));
    return labels ? { images, count: n, labels } : { images, count: n };
  }
}

export const aaeFactory = dataSetModelFactory<AaeConfig>('aae', 'the adversarial autoencoder', (ctx, data) => new Aae(ctx.model, ctx, data));
