import * as tf from '@tensorflow/tfjs-core';
import type { DataSplits, ImageSet } from '../../data/dataset';
import { sliceBatch, type Batch } from '../../data/dataset';
import { tileImages, type Picture } from '../../images/picture';
import { reconstructionRows } from '../../images/reconstructionRows';
import { tensorPicture } from '../../images/tensorPicture';
import { negElboStep } from '../../nn/elboStep';
import { makeOptimizer } from '../../nn/optimizers';
import { bceFromLogits, gaussianKl } from '../../nn/vaeLosses';
import { deriveSeed, Rng } from '../../util/rng';
import { classGrid, cyclingLabels, oneHotLabels, requireLabelsBelow } from '../classConditioning';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { testSetMeans } from '../testSet';
import type { CvaeConfig } from './config';
import { buildCvaeNetworks, type CvaeNetworks } from './networks';

/** Classes per row of the per-class manifold view. */
const MANIFOLDS_PER_ROW = 5;

class Cvae extends ParamModel implements GenerativeModel {
  private readonly nets: CvaeNetworks;
  protected readonly optimizers: { adam: tf.Optimizer };
  private readonly shape: ImageSet;
  private readonly pixels: number;

  constructor(private readonly c: CvaeConfig, private readonly ctx: ModelContext<CvaeConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0xc7ae));
    requireLabelsBelow(data, c.classes, 'the conditional VAE');
    this.shape = data.train;
    this.pixels = this.shape.height * this.shape.width * this.shape.channels;
    this.nets = buildCvaeNetworks(this.params, c, this.shape);
    this.optimizers = { adam: makeOptimizer(ctx.config.training.optimizer) };
  }

  /** Per-example BCE and KL of a labelled batch, z = μ + σ·ε drawn with `epsilon` (reparameterization). */
  private losses(batch: Batch, epsilon: tf.Tensor2D) {
    const y = oneHotLabels(batch.labels, this.c.classes);
    const { mean, logVar } = this.nets.encode(batch.x, y);
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), epsilon)) as tf.Tensor2D;
    const flat = tf.reshape(batch.x, [batch.size, this.pixels]) as tf.Tensor2D;
    return { reconstruction: bceFromLogits(flat, this.nets.decode(z, y)), kl: gaussianKl(mean, logVar) };
  }

  private normal(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalArray(n * this.c.latentDim), [n, this.c.latentDim]);
  }

  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('the conditional VAE trains on a data set');
    const epsilon = this.normal(batch.size, at.seed);
    const metrics = negElboStep(this.optimizers.adam, this.params, this.c.beta, this.ctx.config.training.regularization,
      () => this.losses(batch, epsilon));
    epsilon.dispose();
    return metrics;
  }

  /** Negative ELBO of the test images given their labels, −log p(x|y) ≤ this (one z per image), in nats. */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const { reconstruction, kl } = await testSetMeans(this.data.test,
      (batch, start) => this.losses(batch, this.normal(batch.size, deriveSeed(seed, epoch, start))));
    return { testNegElbo: reconstruction + kl, testReconstruction: reconstruction, testKl: kl };
  }

  /** Pixel probabilities of p(x|z, y) for codes `z` [n·latent] and classes `labels` [n], in inference. */
  private decodeImages(z: Float32Array, labels: Uint8Array): tf.Tensor4D {
    const n = labels.length;
    return tf.tidy(() => tf.reshape(tf.sigmoid(this.nets.decode(tf.tensor2d(z, [n, this.c.latentDim]), oneHotLabels(labels, this.c.classes))),
      [n, this.shape.height, this.shape.width, this.shape.channels]) as tf.Tensor4D);
  }

  /** One row per class, one fixed z per column (the same every epoch), so a column shows one style in every class. */
  private async classGridPicture(perClass: number, seed: number): Promise<Picture> {
    const { labels, noise } = classGrid(this.c.classes, perClass, this.c.latentDim, seed);
    return tensorPicture(this.decodeImages(noise, labels), this.shape, perClass);
  }

  async artifacts(): Promise<Artifact[]> {
    const grid = await this.classGridPicture(this.c.samplesPerClass, deriveSeed(this.ctx.config.training.seed, 0x5a));
    const out: Artifact[] = [{ name: 'class-grid', kind: 'image', picture: grid },
      { name: 'reconstructions', kind: 'image', picture: await this.reconstructions() }];
    if (this.c.latentDim === 2) out.push({ name: 'class-manifold', kind: 'image', picture: await this.classManifolds() });
    return out;
  }

  /** Test images above their reconstructions, each encoded and decoded (at z = μ) with its own label. */
  private async reconstructions(): Promise<Picture> {
    const test = this.data.test;
    const shown = sliceBatch(test, 0, Math.min(16, test.count));
    const recon = tf.tidy(() => {
      const y = oneHotLabels(shown.labels, this.c.classes);
      return tf.sigmoid(this.nets.decode(this.nets.encode(shown.x, y).mean, y));
    });
    const [orig, rec] = [(await shown.x.data()) as Float32Array, (await recon.data()) as Float32Array];
    tf.dispose([shown.x, recon]);
    return reconstructionRows(orig, rec, shown.size, test, 8);
  }

  /**
   * For each class, the decoder over an N×N grid of z ∈ [-3, 3]² (top row z₂ = +3): every class's manifold
   * is laid out over the same z, so a position means the same style in each.
   */
  private async classManifolds(): Promise<Picture> {
    const n = this.c.manifoldSize;
    const z = new Float32Array(n * n * 2);
    for (let i = 0; i < n * n; i++) {
      z[2 * i] = -3 + (6 * (i % n)) / (n - 1);
      z[2 * i + 1] = 3 - (6 * Math.floor(i / n)) / (n - 1);
    }
    const { height, width, channels } = this.shape;
    const side = { height: n * height, width: n * width };
    const blocks = new Float32Array(this.c.classes * side.height * side.width * channels);
    for (let k = 0; k < this.c.classes; k++) {
      const block = await tensorPicture(this.decodeImages(z, new Uint8Array(n * n).fill(k)), this.shape, n, 0);
      blocks.set(Float32Array.from(block.pixels, (v) => v / 255), k * block.pixels.length);
    }
    return tileImages(blocks, this.c.classes, side.height, side.width, channels as 1 | 3, Math.min(MANIFOLDS_PER_ROW, this.c.classes), 8);
  }

  /** `n` prior draws, a row per class (⌈n / classes⌉ columns), each with its own z. */
  async sample(n: number, seed: number): Promise<Artifact[]> {
    const cols = Math.ceil(n / this.c.classes);
    const labels = Uint8Array.from({ length: n }, (_, i) => Math.floor(i / cols));
    const z = new Rng(seed).normalArray(n * this.c.latentDim);
    return [{ name: 'samples', kind: 'image', picture: await tensorPicture(this.decodeImages(z, labels), this.shape, cols) }];
  }

  /** Decoder means (pixel probabilities) for z from the prior, the classes cycling 0, 1, …: `labels` says which each was asked to be. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const labels = cyclingLabels(n, this.c.classes);
    const images = await imagesInChunks(n, this.pixels, (start, count) =>
      this.decodeImages(new Rng(deriveSeed(seed, start)).normalArray(count * this.c.latentDim), labels.subarray(start, start + count)));
    return { images, count: n, labels };
  }
}

export const cvaeFactory = dataSetModelFactory<CvaeConfig>('cvae', 'the conditional VAE', (ctx, data) => new Cvae(ctx.model, ctx, data));
