import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../../nn/layers';
import { ganOptimizers } from '../../nn/optimizers';
import { gumbelSoftmax } from '../../ops/gumbel';
import { temperatureAt } from '../../ops/temperatureSchedule';
import { deriveSeed } from '../../util/rng';
import { discriminatorLoss, generatorLoss } from '../../nn/ganLosses';
import type { Batch } from '../../data/dataset';
import type { CategoryProbsData, GeneratedOutputs, OutputSpace } from '../../../shared/protocol';
import type { Artifact, GenerativeModel, ModelContext, ModelExplorer, ModelFactory, ModelState, StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { statedTarget, type GumbelGanConfig } from './config';
import { categoricalSource, fileSource, type SymbolSource } from './symbols';

interface EpochProbabilities {
  epoch: number;
  probs: number[];
}

/**
 * The generator is a vector of logits: its distribution is softmax(logits), and its samples are
 * Gumbel-softmax draws from them. The discriminator is an MLP on (relaxed) one-hot vectors.
 */
class GumbelGan extends ParamModel implements GenerativeModel {
  private readonly logits: tf.Variable;
  private readonly discriminator: (x: tf.Tensor2D) => tf.Tensor2D;
  protected readonly optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  private readonly classes: number;
  private readonly batchSize: number;
  private readonly regularization: { l1: number; l2: number };
  /** Learned probabilities at each evaluated epoch: the heat map's rows. */
  private history: EpochProbabilities[] = [];
  private temperature: number;

  constructor(private readonly c: GumbelGanConfig, ctx: ModelContext<GumbelGanConfig>, private readonly source: SymbolSource) {
    super(deriveSeed(ctx.config.training.seed, 0x6a3b));
    const training = ctx.config.training;
    this.classes = c.categories.length;
    this.batchSize = training.batchSize;
    this.regularization = training.regularization;
    this.temperature = temperatureAt(c.temperature, 0);
    // Equal logits: the generator starts from the uniform distribution.
    this.logits = this.params.constant('generator/logits', [this.classes], 0);
    const widths = [this.classes, ...c.discriminatorHidden];
    const hidden = c.discriminatorHidden.map((units, i) => dense(this.params, `discriminator/dense${i}`, widths[i], units, 'leakyRelu'));
    const out = dense(this.params, 'discriminator/out', widths[widths.length - 1], 1);
    this.discriminator = (x) => out(hidden.reduce((h, layer) => layer(h), x));
    this.optimizers = ganOptimizers(training.optimizer, c);
  }

  /** n generator samples, relaxed (or straight-through one-hot with `hard`). */
  private fakes(n: number, temperature: number, hard: boolean, seed: number): tf.Tensor2D {
    return tf.tidy(() => gumbelSoftmax(tf.tile(tf.expandDims(this.logits, 0), [n, 1]), temperature, hard, seed) as tf.Tensor2D);
  }

  trainStep(_batch: Batch | null, at: StepPosition): Record<string, tf.Scalar | number> {
    const n = this.batchSize;
    const tau = temperatureAt(this.c.temperature, at.globalStep);
    this.temperature = tau;
    const real = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(this.source.draw(n, deriveSeed(at.seed, 1)), 'int32'), this.classes), 'float32') as tf.Tensor2D);
    // training.regularization penalizes the discriminator's weight matrices: the generator has none, only its logits.
    const dLoss = this.optimizers.discriminator.minimize(
      () => this.params.regularized(
        discriminatorLoss(this.discriminator(real), this.discriminator(this.fakes(n, tau, this.c.hard, deriveSeed(at.seed, 2)))),
        this.regularization, 'discriminator/'),
      true, this.params.trainable('discriminator/'))!;
    real.dispose();
    let gLoss: tf.Scalar | null = null;
    for (let k = 0; k < this.c.generatorTrainingFactor; k++) {
      gLoss?.dispose();
      gLoss = this.optimizers.generator.minimize(
        () => generatorLoss(this.discriminator(this.fakes(n, tau, this.c.hard, deriveSeed(at.seed, 3, k))), this.c.loss),
        true, [this.logits])!;
    }
    return { dLoss, gLoss: gLoss!, temperature: tau };
  }

  private async probabilities(): Promise<number[]> {
    const p = tf.tidy(() => tf.softmax(this.logits));
    const values = Array.from(await p.data());
    p.dispose();
    return values;
  }

  /** Category indices of n exact samples from the generator: argmax(logits + Gumbel noise). */
  private async sampleIndices(n: number, seed: number): Promise<Int32Array> {
    const indices = tf.tidy(() => tf.argMax(this.fakes(n, 1, true, seed), -1));
    const values = (await indices.data()) as Int32Array;
    indices.dispose();
    return values;
  }

  async evaluate(epoch: number): Promise<Record<string, number>> {
    const probs = await this.probabilities();
    this.history = [...this.history.filter((h) => h.epoch < epoch), { epoch, probs }];
    const errors = probs.map((p, k) => p - this.source.target[k]);
    const metrics: Record<string, number> = { maxAbsError: Math.max(...errors.map(Math.abs)) };
    [...this.c.categories].forEach((name, k) => (metrics[`p_${name}`] = probs[k]));
    return metrics;
  }

  async artifacts(epoch: number, seed: number): Promise<Artifact[]> {
    const counts = new Array<number>(this.classes).fill(0);
    for (const k of await this.sampleIndices(this.c.sampleCount, deriveSeed(seed, epoch, 0xc0))) counts[k]++;
    const shown = this.history.filter((h) => h.epoch <= epoch);
    const data: CategoryProbsData = {
      categories: [...this.c.categories],
      target: this.source.target,
      epochs: shown.map((h) => h.epoch),
      learned: shown.map((h) => h.probs),
      sampleCounts: counts,
      sampleTotal: this.c.sampleCount,
      temperature: this.temperature,
    };
    return [{ name: 'category-probs', kind: 'json', data }];
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const symbols = Array.from(await this.sampleIndices(n, seed), (k) => this.c.categories[k]).join('');
    return [{ name: 'samples', kind: 'json', data: { symbols } }];
  }

  /** Relaxed samples at any temperature: how far from one-hot the discriminator's inputs are at that τ. */
  explorer(): ModelExplorer {
    // A getter: a checkpoint loaded later brings its own τ.
    const outputs = (): OutputSpace => ({ kind: 'categorical', categories: [...this.c.categories], target: this.source.target,
      temperature: this.temperature });
    return {
      get outputs() {
        return outputs();
      },
      generate: async ({ n, seed, temperature }) => this.relaxedSamples(n, temperature ?? this.temperature, seed),
    };
  }

  private async relaxedSamples(n: number, temperature: number, seed: number): Promise<GeneratedOutputs> {
    const soft = this.fakes(n, temperature, false, seed);
    const values = (await soft.data()) as Float32Array;
    soft.dispose();
    const k = this.classes;
    const mean = new Array<number>(k).fill(0);
    let sharpness = 0;
    for (let i = 0; i < n; i++) {
      const row = values.subarray(i * k, (i + 1) * k);
      row.forEach((v, j) => (mean[j] += v / n));
      sharpness += Math.max(...row) / n;
    }
    const samples = Array.from({ length: Math.min(n, 16) }, (_, i) => Array.from(values.subarray(i * k, (i + 1) * k)));
    return { kind: 'categorical', temperature, probabilities: await this.probabilities(), mean, samples, sharpness };
  }

  override state(): ModelState {
    return {
      ...super.state(),
      // τ at the last step: `serve` shows what the discriminator saw when the checkpoint was saved.
      extra: () => ({ history: this.history, temperature: this.temperature }),
      restoreExtra: (value: unknown) => {
        const saved = value as { history?: EpochProbabilities[]; temperature?: number } | undefined;
        this.history = saved?.history ?? [];
        if (typeof saved?.temperature === 'number') this.temperature = saved.temperature;
      },
    };
  }
}

export const gumbelGanFactory: ModelFactory<GumbelGanConfig> = {
  type: 'gumbel-gan',
  create(ctx) {
    const c = ctx.model;
    const target = statedTarget(c);
    const source = target ? categoricalSource(target) : fileSource(c.dataFile!, c.categories);
    return new GumbelGan(c, ctx, source);
  },
};
