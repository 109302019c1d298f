import * as tf from '@tensorflow/tfjs-core';
import type { LatentScatterData } from '../../../shared/protocol';
import type { DataSplits, ImageSet } from '../../data/dataset';
import { sliceBatch, type Batch } from '../../data/dataset';
import { scatterPicture, tileImages, type Picture } from '../../images/picture';
import { reconstructionRows } from '../../images/reconstructionRows';
import { makeOptimizer } from '../../nn/optimizers';
import { ParamStore } from '../../nn/params';
import { deriveSeed, Rng } from '../../util/rng';
import type { Artifact, GenerativeModel, ModelContext, ModelFactory, StepPosition } from '../model';
import type { VaeConfig } from './config';
import { bceFromLogits, bceFromProbabilities, gaussianKl, sumSquaredError } from '../../nn/vaeLosses';
import { buildVaeNetworks, type VaeNetworks } from './networks';

const EVAL_BATCH = 1000;
const SCATTER_POINTS = 5000;

class Vae implements GenerativeModel {
  private readonly params: ParamStore;
  private readonly nets: VaeNetworks;
  private readonly optimizer: tf.Optimizer;
  private readonly pixels: number;

  constructor(private readonly c: VaeConfig, private readonly ctx: ModelContext<VaeConfig>, private readonly data: DataSplits) {
    const { train } = data;
    this.pixels = train.height * train.width * train.channels;
    this.params = new ParamStore(deriveSeed(ctx.config.training.seed, 0x1a17));
    this.nets = buildVaeNetworks(this.params, c, train);
    this.optimizer = makeOptimizer(ctx.config.training.optimizer);
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
    const { l1, l2 } = this.ctx.config.training.regularization;
    const epsilon = this.epsilon(batch.size, at.seed);
    const kept: Record<string, tf.Scalar> = {};
    const loss = this.optimizer.minimize(() => {
      const { reconstruction, kl } = this.losses(batch.x, epsilon);
      kept.reconstruction = tf.keep(tf.mean(reconstruction));
      kept.kl = tf.keep(tf.mean(kl));
      let total = tf.add(kept.reconstruction, tf.mul(this.c.beta, kept.kl)) as tf.Scalar;
      const penalty = this.params.penalty(l1, l2);
      if (penalty) total = tf.add(total, penalty);
      return total;
    }, true, this.params.trainable())!;
    epsilon.dispose();
    return { loss, ...kept };
  }

  /** Negative ELBO on the test set (one z sample per image), in nats per image. */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const test = this.data.test;
    const sums = { reconstruction: 0, kl: 0 };
    for (let start = 0; start < test.count; start += EVAL_BATCH) {
      const batch = sliceBatch(test, start, EVAL_BATCH);
      const [rec, kl] = tf.tidy(() => {
        const l = this.losses(batch.x, this.epsilon(batch.size, deriveSeed(seed, epoch, start)));
        return [tf.sum(l.reconstruction), tf.sum(l.kl)];
      });
      batch.x.dispose();
      sums.reconstruction += (await rec.data())[0];
      sums.kl += (await kl.data())[0];
      rec.dispose();
      kl.dispose();
    }
    const testReconstruction = sums.reconstruction / test.count;
    const testKl = sums.kl / test.count;
    return { testNegElbo: testReconstruction + testKl, testReconstruction, testKl };
  }

  private async decodeToImages(z: tf.Tensor2D, cols: number, set: ImageSet): Promise<Picture> {
    const probs = tf.tidy(() => tf.sigmoid(this.nets.decode(z)));
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    return tileImages(values, z.shape[0], set.height, set.width, set.channels as 1 | 3, cols, 0);
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
    const zt = tf.tensor2d(z, [n * n, this.c.latentDim]);
    const picture = await this.decodeToImages(zt, n, set);
    zt.dispose();
    return picture;
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
    const z = tf.tensor2d(new Rng(seed).normalArray(n * this.c.latentDim), [n, this.c.latentDim]);
    const picture = await this.decodeToImages(z, Math.ceil(Math.sqrt(n)), this.data.test);
    z.dispose();
    return [{ name: 'samples', kind: 'image', picture }];
  }

  state() {
    return { variables: this.params.variables, optimizers: { adam: this.optimizer } };
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
  }
}

export const vaeFactory: ModelFactory<VaeConfig> = {
  type: 'vae',
  create(ctx) {
    if (!ctx.data) throw new Error('the VAE needs a data set (config `data`)');
    return new Vae(ctx.model, ctx, ctx.data);
  },
};
