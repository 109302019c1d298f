import * as tf from '@tensorflow/tfjs-core';
import type { LatentScatterData } from '../../../shared/protocol';
import type { DataSplits, ImageSet } from '../../data/dataset';
import { gatherBatch, sliceBatch, type Batch } from '../../data/dataset';
import { scatterPicture, type Picture } from '../../images/picture';
import { tensorPicture } from '../../images/tensorPicture';
import { splitPictures, toRows } from '../../images/pictureList';
import { reconstructionRows } from '../../images/reconstructionRows';
import { negElboStep } from '../../nn/elboStep';
import { makeOptimizer } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { testSetMeans } from '../testSet';
import type { ModelExplorer } from '../model';
import type { VaeConfig } from './config';
import { bceFromLogits, bceFromProbabilities, gaussianKl, sumSquaredError } from '../../nn/vaeLosses';
import { buildVaeNetworks, vaeDecoderLayers, vaeEncoderLayers, type VaeNetworks } from './networks';
import { requirePart, type ExportedNetwork, type ExportPart } from '../../export/network';

const EVAL_BATCH = 1000;
const SCATTER_POINTS = 5000;

class Vae extends ParamModel implements GenerativeModel {
  private readonly nets: VaeNetworks;
  protected readonly optimizers: { adam: tf.Optimizer };
  private readonly pixels: number;

  constructor(private readonly c: VaeConfig, private readonly ctx: ModelContext<VaeConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0x1a17));
    const { train } = data;
    this.pixels = train.height * train.width * train.channels;
    this.nets = buildVaeNetworks(this.params, c, train);
    this.optimizers = { adam: makeOptimizer(ctx.config.training.optimizer) };
  }

  /** Per-example reconstruction loss and KL for a batch, with z drawn from `epsilon` (reparameterization). */
  private losses(x: tf.Tensor4D, epsilon: tf.Tensor2D) {
    const { mean, logVar } = this.nets.encode(x);
    // z = μ + σ·ε keeps the sample differentiable in μ and σ.
    const z = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), epsilon)) as tf.Tensor2D;
    const logits = this.nets.decode(z);
    const flat = tf.reshape(x, [x.shape[0], this.pixels]) as tf.Tensor2D;
    let reconstruction: tf.Tensor1D;
    if (this.c.reconstruction === 'mse') reconstruction = sumSquaredError(flat, tf.sigmoid(logits));
    else if (this.c.output === 'logits') reconstruction = bceFromLogits(flat, logits);
    else reconstruction = bceFromProbabilities(flat, tf.sigmoid(logits));
    return { reconstruction, kl: gaussianKl(mean, logVar) };
  }

  private epsilon(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalArray(n * this.c.latentDim), [n, this.c.latentDim]);
  }

  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('the VAE trains on a data set');
    const epsilon = this.epsilon(batch.size, at.seed);
    const metrics = negElboStep(this.optimizers.adam, this.params, this.c.beta, this.ctx.config.training.regularization,
      () => this.losses(batch.x, epsilon));
    epsilon.dispose();
    return metrics;
  }

  /** Negative ELBO on the test set (one z sample per image), in nats per image. */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const { reconstruction, kl } = await testSetMeans(this.data.test,
      (batch, start) => this.losses(batch.x, this.epsilon(batch.size, deriveSeed(seed, epoch, start))));
    return { testNegElbo: reconstruction + kl, testReconstruction: reconstruction, testKl: kl };
  }

  /** Decoded images of the codes `z` makes (inside the tidy, so they are disposed with it). */
  private decodeToImages(z: () => tf.Tensor2D, cols: number, set: ImageSet): Promise<Picture> {
    return tensorPicture(tf.tidy(() => tf.sigmoid(this.nets.decode(z()))), set, cols, 0);
  }

  async artifacts(): Promise<Artifact[]> {
    const test = this.data.test;
    const out: Artifact[] = [];
    // Samples from the prior with the same z every epoch, so progress is visible.
    out.push(...(await this.sample(64, deriveSeed(this.ctx.config.training.seed, 0x5a))));

    // Reconstructions: rows of originals above rows of their reconstructions (decoded at z = μ).
    const shown = sliceBatch(test, 0, Math.min(16, test.count));
    const recon = tf.tidy(() => tf.sigmoid(this.nets.decode(this.nets.encode(shown.x).mean)));
    const [orig, rec] = [(await shown.x.data()) as Float32Array, (await recon.data()) as Float32Array];
    shown.x.dispose();
    recon.dispose();
    out.push({ name: 'reconstructions', kind: 'image', picture: reconstructionRows(orig, rec, shown.size, test, 8) });

    if (this.c.latentDim >= 2) {
      out.push({ name: 'manifold', kind: 'image', picture: await this.manifold(test) });
      const scatter = await this.latentScatter(test);
      out.push({ name: 'latent-scatter', kind: 'json', data: scatter });
      out.push({ name: 'latent-scatter', kind: 'image',
        picture: scatterPicture(scatter.points.map(([x, y, label]) => ({ x, y, label }))) });
    }
    return out;
  }

  /** The decoder over an N×N grid of z ∈ [-4, 4]² in the first two latent dims (the others at 0). */
  private async manifold(set: ImageSet) {
    const n = this.c.manifoldSize;
    const z = new Float32Array(n * n * this.c.latentDim);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const i = row * n + col;
        z[i * this.c.latentDim] = -4 + (8 * col) / (n - 1);
        z[i * this.c.latentDim + 1] = 4 - (8 * row) / (n - 1); // top row is z₂ = +4, as in the Keras plot
      }
    }
    return this.decodeToImages(() => tf.tensor2d(z, [n * n, this.c.latentDim]), n, set);
  }

  private async latentScatter(set: ImageSet): Promise<LatentScatterData> {
    const count = Math.min(SCATTER_POINTS, set.count);
    const points: [number, number, number][] = [];
    for (let start = 0; start < count; start += EVAL_BATCH) {
      const batch = sliceBatch(set, start, Math.min(EVAL_BATCH, count - start));
      const mean = tf.tidy(() => this.nets.encode(batch.x).mean);
      const values = (await mean.data()) as Float32Array;
      batch.x.dispose();
      mean.dispose();
      for (let i = 0; i < batch.size; i++) {
        points.push([values[i * this.c.latentDim], values[i * this.c.latentDim + 1], batch.labels[i]]);
      }
    }
    return { points, labels: Array.from({ length: 10 }, (_, i) => String(i)) };
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const picture = await this.decodeToImages(() => this.epsilon(n, seed), Math.ceil(Math.sqrt(n)), this.data.test);
    return [{ name: 'samples', kind: 'image', picture }];
  }

  /** Decoder means (pixel probabilities) of z from the prior. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const images = await imagesInChunks(n, this.pixels, (start, count) =>
      tf.tidy(() => tf.sigmoid(this.nets.decode(this.epsilon(count, deriveSeed(seed, start))))));
    return { images, count: n };
  }

  exportNetwork(part: ExportPart): ExportedNetwork {
    requirePart('VAE', ['decoder', 'encoder'], part);
    const { height, width, channels } = this.data.train;
    if (part === 'encoder') {
      // One output, the two heads side by side: a plain layer chain, and what q(z|x) is written as everywhere.
      const heads = { 'encoder/z/kernel': tf.concat([this.params.variables['encoder/z_mean/kernel'], this.params.variables['encoder/z_log_var/kernel']], 1),
        'encoder/z/bias': tf.concat([this.params.variables['encoder/z_mean/bias'], this.params.variables['encoder/z_log_var/bias']], 0) };
      return { part, inputShape: [height, width, channels], outputShape: [2 * this.c.latentDim],
        output: `q(z|x) for pixels in [0, 1]: the posterior mean (first ${this.c.latentDim}) then its log-variance (last ${this.c.latentDim})`,
        layers: vaeEncoderLayers(this.c, this.data.train), weights: { ...this.params.variables, ...heads },
        forward: (x) => tf.tidy(() => {
          const q = this.nets.encode(x as tf.Tensor4D);
          return tf.concat([q.mean, q.logVar], 1);
        }),
        dispose: () => tf.dispose(Object.values(heads)) };
    }
    return { part, inputShape: [this.c.latentDim], outputShape: [height, width, channels], output: 'pixel probabilities in [0, 1]',
      layers: vaeDecoderLayers(this.c, this.data.train), weights: this.params.variables,
      forward: (z) => tf.tidy(() => tf.reshape(tf.sigmoid(this.nets.decode(z as tf.Tensor2D)), [z.shape[0], height, width, channels])) };
  }

  explorer(): ModelExplorer {
    const dim = this.c.latentDim;
    const test = this.data.test;
    return {
      latent: { kind: 'gaussian', dim },
      prior: (n, seed) => toRows(new Rng(seed).normalArray(n * dim), dim),
      decode: async (z) => {
        const probs = tf.tidy(() => tf.sigmoid(this.nets.decode(tf.tensor2d(z.flat(), [z.length, dim]))));
        const values = (await probs.data()) as Float32Array;
        probs.dispose();
        return splitPictures(values, z.length, test);
      },
      encode: async (indices) => {
        const batch = gatherBatch(test, indices);
        const [mean, variance] = tf.tidy(() => {
          const q = this.nets.encode(batch.x);
          return [q.mean, tf.exp(q.logVar)];
        });
        batch.x.dispose();
        const [m, v] = [await mean.data(), await variance.data()];
        tf.dispose([mean, variance]);
        return { mean: toRows(m, dim), variance: toRows(v, dim) };
      },
    };
  }

}

export const vaeFactory = dataSetModelFactory<VaeConfig>('vae', 'the VAE', (ctx, data) => new Vae(ctx.model, ctx, data));
