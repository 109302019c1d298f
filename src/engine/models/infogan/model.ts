import * as tf from '@tensorflow/tfjs-core';
import type { Batch, DataSplits, ImageSet } from '../../data/dataset';
import { sliceBatch } from '../../data/dataset';
import { splitPictures, toRows } from '../../images/pictureList';
import { tensorPicture } from '../../images/tensorPicture';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import { ganOptimizers } from '../../nn/optimizers';
import { bestMatchAccuracy } from '../../stats/assignment';
import { deriveSeed } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type ModelExplorer, type QualitySamples,
  type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { imagesInChunks } from '../qualityImages';
import { codeTargets, inputWidth, priorInput, priorRows, sampleGridRows, traversalRows } from './codes';
import type { InfoganConfig } from './config';
import { categoryLoss, continuousLoss } from './losses';
import { buildInfoganNetworks, type InfoganNetworks } from './networks';

/** Images per forward pass when evaluating or drawing many samples. */
const CHUNK = 500;

class Infogan extends ParamModel implements GenerativeModel {
  private readonly nets: InfoganNetworks;
  protected readonly optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly generatorVariables: tf.Variable[];
  /** D and Q together: they share their body, and Q's head trains with D (as in the paper's code). */
  private readonly criticVariables: tf.Variable[];
  private readonly shape: ImageSet;
  /** The categories in the order of the digits they were matched to at the last evaluation: the grids' rows. */
  private rowOrder: number[];

  constructor(private readonly c: InfoganConfig, private readonly ctx: ModelContext<InfoganConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0x1f0));
    this.shape = data.train;
    this.nets = buildInfoganNetworks(this.params, c, this.shape);
    this.generatorVariables = this.params.trainable('generator/');
    this.criticVariables = this.params.trainable('discriminator/');
    this.optimizers = ganOptimizers(ctx.config.training.optimizer, c);
    this.rowOrder = Array.from({ length: c.categories }, (_, k) => k);
  }

  private regularized(loss: tf.Scalar, prefix: string): tf.Scalar {
    return this.params.regularized(loss, this.ctx.config.training.regularization, prefix);
  }

  /** λ-weighted negative log-likelihood of the codes behind `input` under Q's reading of G's images. */
  private informationLoss(input: tf.Tensor2D, critique: { categoryLogits: tf.Tensor2D; codeMeans: tf.Tensor2D }) {
    const targets = codeTargets(this.c, input);
    const category = categoryLoss(critique.categoryLogits, targets.categories);
    const continuous = continuousLoss(critique.codeMeans, targets.continuous);
    return { category, continuous, weighted: tf.add(tf.mul(category, this.c.lambda), tf.mul(continuous, this.c.continuousLambda)) as tf.Scalar };
  }

  /**
   * One update of D and Q on this batch and fresh codes, then one of G on other fresh codes, each minimizing
   * its GAN loss plus the λ-weighted information loss (Chen et al.'s min_{G,Q} max_D V(D, G) − λ·L_I).
   * The metrics come from D and Q's pass before their update: the GAN losses without the information term,
   * D's mean verdicts, and Q's losses on the codes of G's samples.
   */
  trainStep(batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('InfoGAN trains on a data set');
    const n = batch.size;
    const real = tf.tidy(() => tf.sub(tf.mul(batch.x, 2), 1) as tf.Tensor4D);
    const input = priorInput(this.c, n, deriveSeed(at.seed, 0));
    // Made outside the critic's tape: its update must not reach into the generator.
    const fake = tf.tidy(() => this.nets.generate(input, true));
    let metrics: Record<string, tf.Scalar> = {};
    this.optimizers.discriminator.minimize(() => {
      const realLogits = this.nets.critique(real, true).logits;
      const fakeCritique = this.nets.critique(fake, true);
      const info = this.informationLoss(input, fakeCritique);
      const dLoss = discriminatorLoss(realLogits, fakeCritique.logits);
      metrics = {
        dLoss, gLoss: generatorLoss(fakeCritique.logits, this.c.loss), categoryLoss: info.category, continuousLoss: info.continuous,
        dReal: tf.mean(tf.sigmoid(realLogits)) as tf.Scalar, dFake: tf.mean(tf.sigmoid(fakeCritique.logits)) as tf.Scalar,
      };
      Object.values(metrics).forEach((m) => tf.keep(m));
      return this.regularized(tf.add(dLoss, info.weighted) as tf.Scalar, 'discriminator/');
    }, false, this.criticVariables);
    tf.dispose([real, fake, input]);

    const gInput = priorInput(this.c, n, deriveSeed(at.seed, 1));
    this.optimizers.generator.minimize(() => {
      const critique = this.nets.critique(this.nets.generate(gInput, true), true);
      const loss = tf.add(generatorLoss(critique.logits, this.c.loss), this.informationLoss(gInput, critique).weighted) as tf.Scalar;
      return this.regularized(loss, 'generator/');
    }, false, this.generatorVariables);
    gInput.dispose();
    return metrics;
  }

  /**
   * The categorical code as a digit classifier: Q's most likely c₁ for each test image, scored under the
   * one-to-one code → label matching that agrees with the most labels (Hungarian, on the confusion matrix).
   */
  async evaluate(): Promise<Record<string, number>> {
    const test = this.data.test;
    const predicted = new Int32Array(test.count);
    for (let start = 0; start < test.count; start += CHUNK) {
      const batch = sliceBatch(test, start, CHUNK);
      const codes = tf.tidy(() => tf.argMax(this.nets.critique(tf.sub(tf.mul(batch.x, 2), 1) as tf.Tensor4D, false).categoryLogits, 1));
      batch.x.dispose();
      predicted.set((await codes.data()) as Int32Array, start);
      codes.dispose();
    }
    const classes = test.labels.reduce((most, label) => Math.max(most, label + 1), this.c.categories);
    const match = bestMatchAccuracy(predicted, test.labels, classes);
    this.rowOrder = Array.from({ length: this.c.categories }, (_, k) => k).sort((a, b) => match.classOfCluster[a] - match.classOfCluster[b]);
    return { codeAccuracy: match.accuracy, codeError: 1 - match.accuracy };
  }

  /** G's images for generator-input rows, in inference mode, in [0, 1]. */
  private generateImages(rows: Float32Array): tf.Tensor4D {
    const n = rows.length / inputWidth(this.c);
    return tf.tidy(() => tf.div(tf.add(this.nets.generate(tf.tensor2d(rows, [n, inputWidth(this.c)]), false), 1), 2) as tf.Tensor4D);
  }

  private async grid(name: string, rows: Float32Array, cols: number): Promise<Artifact> {
    return { name, kind: 'image', picture: await tensorPicture(this.generateImages(rows), this.shape, cols) };
  }

  /**
   * The fixed-noise grid and one traversal per continuous code; rows are the categories in the order of the
   * digits matched to them, so that the rows read 0–9 once the code has found the digits. The noise is the
   * same every epoch.
   */
  async artifacts(): Promise<Artifact[]> {
    const seed = deriveSeed(this.ctx.config.training.seed, 0x5a);
    const grids = [this.grid('samples', sampleGridRows(this.c, this.rowOrder, seed), this.c.samplesPerCategory)];
    for (let code = 0; code < this.c.continuousCodes; code++) {
      grids.push(this.grid(`traversal-c${code + 2}`, traversalRows(this.c, code, this.rowOrder, deriveSeed(seed, code)), this.c.traversalSteps));
    }
    return Promise.all(grids);
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    return [await this.grid('samples', priorRows(this.c, n, seed), Math.ceil(Math.sqrt(n)))];
  }

  /** Images from codes drawn from the prior (InfoGAN is not conditioned on labels, so none are given). */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const { height, width, channels } = this.shape;
    const images = await imagesInChunks(n, height * width * channels, (start, count) =>
      this.generateImages(priorRows(this.c, count, deriveSeed(seed, start))));
    return { images, count: n };
  }

  /** The generator's whole input as the latent: [z, one-hot c₁, continuous codes], drawn from their prior. */
  explorer(): ModelExplorer {
    const width = inputWidth(this.c);
    return {
      latent: { kind: 'gaussian', dim: width },
      prior: (n, seed) => toRows(priorRows(this.c, n, seed), width),
      decode: async (z) => {
        const images = this.generateImages(Float32Array.from(z.flat()));
        const values = (await images.data()) as Float32Array;
        images.dispose();
        return splitPictures(values, z.length, this.shape);
      },
    };
  }
}

export const infoganFactory = dataSetModelFactory<InfoganConfig>('infogan', 'InfoGAN', (ctx, data) => new Infogan(ctx.model, ctx, data));
