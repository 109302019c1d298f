import * as tf from '@tensorflow/tfjs-core';
import type { Gan1dCurvesData } from '../../../shared/protocol';
import { ganOptimizers } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import type { Batch } from '../../data/dataset';
import type { Artifact, GenerativeModel, ModelContext, ModelExplorer, ModelFactory, StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import type { Gan1dConfig } from './config';
import {
  cellProbabilities, jensenShannon, kde, linearGrid, mixtureMass, mixturePdf, optimalDiscriminator, silvermanBandwidth,
} from './densities';
import { mlp } from './networks';

/** log 4: the GAN game's value at p_g = p_data is −log 4 (Goodfellow et al., Theorem 1). */
const LOG_4 = Math.log(4);

class Gan1d extends ParamModel implements GenerativeModel {
  private readonly generator: (z: tf.Tensor2D) => tf.Tensor2D;
  private readonly discriminator: (x: tf.Tensor2D) => tf.Tensor2D;
  protected readonly optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly grid: number[];
  private readonly batchSize: number;
  private readonly regularization: { l1: number; l2: number };
  /** Global steps done, for labelling the curves. */
  private stepsDone = 0;
  /** evaluate() and artifacts() of one epoch share the curves. */
  private curves: { epoch: number; data: Gan1dCurvesData } | null = null;

  constructor(private readonly c: Gan1dConfig, ctx: ModelContext<Gan1dConfig>) {
    super(deriveSeed(ctx.config.training.seed, 0x9a71d));
    const training = ctx.config.training;
    this.batchSize = training.batchSize;
    this.regularization = training.regularization;
    this.generator = mlp(this.params, 'generator', c.noiseDim, c.generatorHidden, c.activation, 1);
    this.discriminator = mlp(this.params, 'discriminator', 1, c.discriminatorHidden, c.activation, 1);
    this.optimizers = ganOptimizers(training.optimizer, c);
    const lo = Math.min(...c.mixture.map((m) => m.mean - 4 * m.std));
    const hi = Math.max(...c.mixture.map((m) => m.mean + 4 * m.std));
    this.grid = linearGrid(c.grid.min ?? lo, c.grid.max ?? hi, c.grid.points);
  }

  /** n draws from p_data: pick a component by weight, then a Gaussian draw from it. */
  private dataSamples(n: number, seed: number): Float32Array {
    const rng = new Rng(seed);
    const total = this.c.mixture.reduce((s, m) => s + m.weight, 0);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform() * total;
      let k = 0;
      while (k < this.c.mixture.length - 1 && u >= this.c.mixture[k].weight) u -= this.c.mixture[k++].weight;
      out[i] = this.c.mixture[k].mean + this.c.mixture[k].std * rng.normal();
    }
    return out;
  }

  private noise(n: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new Rng(seed).normalArray(n * this.c.noiseDim), [n, this.c.noiseDim]);
  }

  /** A network's loss plus training.regularization's penalty on its weight matrices (as the image GAN does). */
  private regularized(loss: tf.Scalar, prefix: 'generator/' | 'discriminator/'): tf.Scalar {
    return this.params.regularized(loss, this.regularization, prefix);
  }

  trainStep(_batch: Batch | null, at: StepPosition): Record<string, tf.Scalar> {
    const n = this.batchSize;
    const dVars = this.params.trainable('discriminator/');
    const gVars = this.params.trainable('generator/');
    const metrics: Record<string, tf.Scalar> = {};
    for (let k = 0; k < this.c.dSteps; k++) {
      const real = tf.tensor2d(this.dataSamples(n, deriveSeed(at.seed, 1, k)), [n, 1]);
      const z = this.noise(n, deriveSeed(at.seed, 2, k));
      const last = k === this.c.dSteps - 1;
      const dLoss = this.optimizers.discriminator.minimize(() => {
        const realLogits = this.discriminator(real);
        const fakeLogits = this.discriminator(this.generator(z));
        if (last) {
          metrics.dReal = tf.keep(tf.mean(tf.sigmoid(realLogits)));
          metrics.dFake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)));
        }
        return this.regularized(discriminatorLoss(realLogits, fakeLogits, this.c.realLabel), 'discriminator/');
      }, true, dVars)!;
      real.dispose();
      z.dispose();
      if (last) metrics.dLoss = dLoss;
      else dLoss.dispose();
    }
    for (let k = 0; k < this.c.gSteps; k++) {
      const z = this.noise(n, deriveSeed(at.seed, 3, k));
      const gLoss = this.optimizers.generator.minimize(
        () => this.regularized(generatorLoss(this.discriminator(this.generator(z)), this.c.loss), 'generator/'), true, gVars)!;
      z.dispose();
      if (k === this.c.gSteps - 1) metrics.gLoss = gLoss;
      else gLoss.dispose();
    }
    this.stepsDone = at.globalStep + 1;
    return metrics;
  }

  private async generate(n: number, seed: number): Promise<Float32Array> {
    const z = this.noise(n, seed);
    const x = tf.tidy(() => this.generator(z));
    const values = (await x.data()) as Float32Array;
    z.dispose();
    x.dispose();
    return values;
  }

  /** D's logits at each of `xs`. */
  private async discriminatorLogits(xs: ArrayLike<number>): Promise<Float32Array> {
    const input = tf.tensor2d(Float32Array.from(xs), [xs.length, 1]);
    const logits = tf.tidy(() => this.discriminator(input));
    const values = (await logits.data()) as Float32Array;
    input.dispose();
    logits.dispose();
    return values;
  }

  private async computeCurves(epoch: number, seed: number): Promise<Gan1dCurvesData> {
    const x = this.grid;
    const dx = x[1] - x[0];
    const samples = await this.generate(this.c.densitySamples, deriveSeed(seed, epoch, 0xde75));
    const bandwidth = this.c.kdeBandwidth ?? silvermanBandwidth(samples);
    const pData = x.map((v) => mixturePdf(this.c.mixture, v));
    const pG = kde(samples, x, bandwidth);
    const outsideG = samples.filter((s) => s < x[0] || s > x[x.length - 1]).length / samples.length;
    const outsideData = 1 - mixtureMass(this.c.mixture, x[0], x[x.length - 1]);
    const js = jensenShannon(cellProbabilities(pData, dx, outsideData), cellProbabilities(pG, dx, outsideG));

    const gridLogits = await this.discriminatorLogits(x);
    const sampleLogits = await this.discriminatorLogits(samples);
    const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    // V(D, G) = E_data[log D(x)] + E_G[log(1 − D(x))]: the first by quadrature against the exact
    // density, the second as a Monte Carlo mean over the generator's samples (none lost off the grid).
    const expectedLogD = pData.reduce((s, p, i) => s - p * dx * softplus(-gridLogits[i]), 0);
    const expectedLog1mD = sampleLogits.reduce((s, l) => s - softplus(l), 0) / sampleLogits.length;
    return {
      epoch, step: this.stepsDone, x, pData, pG,
      d: Array.from(gridLogits, (l) => 1 / (1 + Math.exp(-l))),
      // Where both densities are a thousandth of their peak or less, D* is a ratio of tails: noise.
      dStar: optimalDiscriminator(pData, pG, 1e-3 * Math.max(...pData.map((p, i) => p + pG[i]))),
      js, value: expectedLogD + expectedLog1mD, optimalValue: -LOG_4 + 2 * js, referenceValue: -LOG_4, bandwidth,
    };
  }

  private async curvesFor(epoch: number, seed: number): Promise<Gan1dCurvesData> {
    if (this.curves?.epoch !== epoch) this.curves = { epoch, data: await this.computeCurves(epoch, seed) };
    return this.curves.data;
  }

  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const c = await this.curvesFor(epoch, seed);
    return { js: c.js, value: c.value, optimalValue: c.optimalValue };
  }

  async artifacts(epoch: number, seed: number): Promise<Artifact[]> {
    return [{ name: 'gan1d-curves', kind: 'json', data: await this.curvesFor(epoch, seed) }];
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    return [{ name: 'samples', kind: 'json', data: { values: Array.from(await this.generate(n, seed)) } }];
  }

  /** G(z) of any noise the explorer moves, and fresh draws of the generator's distribution. */
  explorer(): ModelExplorer {
    const x = this.grid;
    return {
      outputs: { kind: 'real', noiseDim: this.c.noiseDim, range: [x[0], x[x.length - 1]],
        target: { x, density: x.map((v) => mixturePdf(this.c.mixture, v)) } },
      generate: async ({ z, n, seed }) => ({ kind: 'real', x: Array.from(z ? await this.generatorAt(z) : await this.generate(n, seed)) }),
    };
  }

  private async generatorAt(z: number[][]): Promise<Float32Array> {
    const input = tf.tensor2d(z.flat(), [z.length, this.c.noiseDim]);
    const x = tf.tidy(() => this.generator(input));
    const values = (await x.data()) as Float32Array;
    input.dispose();
    x.dispose();
    return values;
  }
}

export const gan1dFactory: ModelFactory<Gan1dConfig> = {
  type: 'gan-1d',
  create: (ctx) => new Gan1d(ctx.model, ctx),
};
