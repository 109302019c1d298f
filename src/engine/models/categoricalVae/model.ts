import * as tf from '@tensorflow/tfjs-core';
import type { DataSplits } from '../../data/dataset';
import { gatherBatch, sliceBatch, type Batch } from '../../data/dataset';
import type { Picture } from '../../images/picture';
import { splitPictures, toRows } from '../../images/pictureList';
import { tensorPicture } from '../../images/tensorPicture';
import { reconstructionRows } from '../../images/reconstructionRows';
import { makeOptimizer } from '../../nn/optimizers';
import { gumbelSoftmax } from '../../ops/gumbel';
import { temperatureAt } from '../../ops/temperatureSchedule';
import { deriveSeed, Rng } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type ModelExplorer, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { testSetMeans } from '../testSet';
import { bceFromLogits } from '../../nn/vaeLosses';
import type { CategoricalVaeConfig } from './config';
import { categoricalKlToUniform } from './losses';
import { buildCategoricalVaeNetworks, categoricalDecoderLayers, type CategoricalVaeNetworks } from './networks';
import { requirePart, type ExportedNetwork, type ExportPart } from '../../export/network';

const SHOWN_RECONSTRUCTIONS = 16;

class CategoricalVae extends ParamModel implements GenerativeModel {
  private readonly nets: CategoricalVaeNetworks;
  protected readonly optimizers: { adam: tf.Optimizer };
  private readonly pixels: number;

  constructor(private readonly c: CategoricalVaeConfig, private readonly ctx: ModelContext<CategoricalVaeConfig>,
    private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0xca7e));
    const { train } = data;
    this.pixels = train.height * train.width * train.channels;
    this.nets = buildCategoricalVaeNetworks(this.params, c, this.pixels);
    this.optimizers = { adam: makeOptimizer(ctx.config.training.optimizer) };
  }

  /**
   * Per-example reconstruction loss (Bernoulli, nats, as in the VAE) and KL(q(z|x) ‖ uniform), with z
   * a Gumbel-softmax sample at temperature τ. With `hard` z is an exact one-hot sample from q.
   */
  private losses(x: tf.Tensor4D, temperature: number, hard: boolean, seed: number) {
    const logits = this.nets.encode(x);
    const z = gumbelSoftmax(logits, temperature, hard, seed) as tf.Tensor3D;
    const flat = tf.reshape(x, [x.shape[0], this.pixels]) as tf.Tensor2D;
    return { reconstruction: bceFromLogits(flat, this.nets.decode(z)), kl: categoricalKlToUniform(logits) };
  }

  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar | number> {
    if (!batch) throw new Error('the categorical VAE trains on a data set');
    const temperature = temperatureAt(this.c.temperature, at.globalStep);
    const kept: Record<string, tf.Scalar> = {};
    const loss = this.optimizers.adam.minimize(() => {
      const { reconstruction, kl } = this.losses(batch.x, temperature, this.c.hard, at.seed);
      kept.reconstruction = tf.keep(tf.mean(reconstruction));
      kept.kl = tf.keep(tf.mean(kl));
      const negElbo = tf.add(kept.reconstruction, kept.kl) as tf.Scalar;
      return this.params.regularized(negElbo, this.ctx.config.training.regularization);
    }, true, this.params.trainable())!;
    return { loss, ...kept, temperature };
  }

  /**
   * Negative ELBO of the discrete model on the test set, in nats per image: one exact one-hot sample
   * z ~ q(z|x) per image (a hard Gumbel-max draw), so it is an unbiased estimate of a true bound.
   */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const { reconstruction, kl } = await testSetMeans(this.data.test,
      (batch, start) => this.losses(batch.x, 1, true, deriveSeed(seed, epoch, start)));
    return { testNegElbo: reconstruction + kl, testReconstruction: reconstruction, testKl: kl };
  }

  /** Decoded images of the codes `z` makes (inside the tidy, so they are disposed with it). */
  private decodeToImages(z: () => tf.Tensor3D, cols: number): Promise<Picture> {
    return tensorPicture(tf.tidy(() => tf.sigmoid(this.nets.decode(z()))), this.data.test, cols, 0);
  }

  async artifacts(): Promise<Artifact[]> {
    const test = this.data.test;
    // The same prior codes every epoch, so progress is visible.
    const out = await this.sample(64, deriveSeed(this.ctx.config.training.seed, 0x5a));
    // Reconstructions decode the most likely code (each variable's argmax class).
    const shown = sliceBatch(test, 0, Math.min(SHOWN_RECONSTRUCTIONS, test.count));
    const mode = tf.tidy(() => {
      const logits = this.nets.encode(shown.x);
      return tf.cast(tf.oneHot(tf.argMax(logits, -1), this.c.classes), 'float32') as tf.Tensor3D;
    });
    const originals = (await shown.x.data()) as Float32Array;
    const decoded = tf.tidy(() => tf.sigmoid(this.nets.decode(mode)));
    const reconstructed = (await decoded.data()) as Float32Array;
    tf.dispose([shown.x, mode, decoded]);
    out.push({ name: 'reconstructions', kind: 'image', picture: reconstructionRows(originals, reconstructed, shown.size, test, 8) });
    return out;
  }

  /** `n` codes from the prior, one-hot and flattened (variables × classes): every variable takes a uniformly random class. */
  private priorCodes(n: number, seed: number): Float32Array {
    const { categoricals, classes } = this.c;
    const rng = new Rng(seed);
    const codes = new Float32Array(n * categoricals * classes);
    for (let i = 0; i < n * categoricals; i++) codes[i * classes + rng.int(classes)] = 1;
    return codes;
  }

  /** Decoded codes drawn from the prior. */
  async sample(n: number, seed: number): Promise<Artifact[]> {
    const { categoricals, classes } = this.c;
    const codes = this.priorCodes(n, seed);
    const picture = await this.decodeToImages(() => tf.tensor3d(codes, [n, categoricals, classes]), Math.ceil(Math.sqrt(n)));
    return [{ name: 'samples', kind: 'image', picture }];
  }

  /** Decoder means (pixel probabilities) of codes drawn from the uniform prior. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const { categoricals, classes } = this.c;
    const images = await imagesInChunks(n, this.pixels, (start, count) =>
      tf.tidy(() => tf.sigmoid(this.nets.decode(tf.tensor3d(this.priorCodes(count, deriveSeed(seed, start)), [count, categoricals, classes])))));
    return { images, count: n };
  }

  /**
   * For `genlab serve`: codes are one-hot per variable, flattened (variables × classes); the encoder's answer is
   * q(c|x) per variable, each class's probability p as the "mean" of its one-hot entry and p(1 − p) its variance.
   */
  explorer(): ModelExplorer {
    const { categoricals: variables, classes } = this.c;
    const length = variables * classes;
    const test = this.data.test;
    return {
      latent: { kind: 'categorical', variables, classes },
      prior: (n, seed) => toRows(this.priorCodes(n, seed), length),
      decode: async (z) => {
        const probs = tf.tidy(() => tf.sigmoid(this.nets.decode(tf.tensor3d(z.flat(), [z.length, variables, classes]))));
        const values = (await probs.data()) as Float32Array;
        probs.dispose();
        return splitPictures(values, z.length, test);
      },
      encode: async (indices) => {
        const batch = gatherBatch(test, indices);
        const q = tf.tidy(() => tf.reshape(tf.softmax(this.nets.encode(batch.x)), [indices.length, length]));
        batch.x.dispose();
        const p = await q.data();
        q.dispose();
        return { mean: toRows(p, length), variance: toRows(p.map((v) => v * (1 - v)), length) };
      },
    };
  }

  exportNetwork(part: ExportPart): ExportedNetwork {
    requirePart('categorical VAE', ['decoder'], part);
    const { height, width, channels } = this.data.train;
    const image = [height, width, channels];
    return { part, inputShape: [this.c.categoricals, this.c.classes], outputShape: image,
      output: 'pixel probabilities in [0, 1] from one-hot codes [categoricals, classes]',
      layers: categoricalDecoderLayers(this.c, image), weights: this.params.variables,
      forward: (z) => tf.tidy(() => tf.reshape(tf.sigmoid(this.nets.decode(z as tf.Tensor3D)), [z.shape[0], ...image])) };
  }
}

export const categoricalVaeFactory = dataSetModelFactory<CategoricalVaeConfig>('categorical-vae', 'the categorical VAE',
  (ctx, data) => new CategoricalVae(ctx.model, ctx, data));
