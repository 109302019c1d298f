import * as tf from '@tensorflow/tfjs-core';
import type { NadeConditionalsData } from '../../../shared/protocol';
import { pixelsPerImage, sliceBatch, type DataSplits, type ImageSet, type Batch } from '../../data/dataset';
import { tileImages } from '../../images/picture';
import { splitPictures } from '../../images/pictureList';
import { makeOptimizer } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type GenerativeModel, type ModelContext, type QualitySamples, type StepPosition } from '../model';
import { ParamModel } from '../paramModel';
import { conditionalsArtifacts, pixelConditionals } from '../pixelConditionals';
import type { Completion, ModelExplorer } from '../model';
import type { NadeConfig } from './config';
import { nadeConditionals, nadeLossAndGradients, nadeNll, type NadeGradients, type NadeParams } from './network';
import { pixelOrder, toRaster } from './ordering';
import { ancestralSamples, type NadeWeights } from './sampler';

/**
 * NADE on binary images, trained by maximum likelihood; every reported NLL is exact (nats per image).
 *
 * Metrics: step `nll` (the batch's mean NLL); epoch `testNll` over the whole test set and `trainNll`
 * over a fixed subset of the training set of the same size (at most 10,000 images), after the epoch.
 *
 * Artifacts:
 *  - `samples` (image): a grid of ancestral samples, the same seed every epoch so progress is visible.
 *  - `conditionals` (image): for test image 0, the image (grey) beside p(x_i = 1 | x_<i) as a viridis
 *    heat map (dark 0 → yellow 1), each pixel drawn 8×8.
 *  - `conditionals` (json, NadeConditionalsData in src/shared/protocol.ts): { width, height, testIndex,
 *    pixels (0/1, row-major), probabilities (row-major, raster positions whatever the ordering), nll, ordering }.
 */

const TRAIN_EVAL_EXAMPLES = 10_000;

function assertBinary(set: ImageSet, split: string): void {
  for (let i = 0; i < set.pixels.length; i++) {
    const v = set.pixels[i];
    if (v !== 0 && v !== 255) {
      throw new Error(`NADE models binary images, but the ${split} set has grey levels: set data.binarize to "stochastic" or "threshold"`);
    }
  }
}

/** Logit of the mean of each pixel (in model order), clipped: the output biases' starting point. */
function pixelLogMeans(set: ImageSet, order: Uint32Array): Float32Array {
  const d = order.length;
  const on = new Float64Array(d);
  for (let n = 0; n < set.count; n++) for (let i = 0; i < d; i++) on[i] += set.pixels[n * d + order[i]] / 255;
  return Float32Array.from(on, (s) => {
    const p = Math.min(1 - 1e-3, Math.max(1e-3, s / set.count));
    return Math.log(p / (1 - p));
  });
}

class Nade extends ParamModel implements GenerativeModel {
  private readonly p: NadeParams & Record<keyof NadeParams, tf.Variable>;
  protected readonly optimizers: { optimizer: tf.Optimizer };
  private readonly order: Uint32Array;
  /** Gather indices into model order; null for raster order (no gather needed). */
  private readonly orderIndices: tf.Tensor1D | null;
  private readonly pixels: number;

  constructor(private readonly cfg: NadeConfig, private readonly ctx: ModelContext<NadeConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0x4ade));
    const seed = ctx.config.training.seed;
    this.pixels = pixelsPerImage(data.train);
    const [d, h] = [this.pixels, cfg.hidden];
    this.order = pixelOrder(cfg.ordering, d, deriveSeed(seed, 0x0de7));
    this.orderIndices = cfg.ordering === 'raster' ? null : tf.tensor1d(Int32Array.from(this.order), 'int32');
    const b = this.params.constant('nade/b', [d], 0);
    tf.tidy(() => b.assign(tf.tensor1d(pixelLogMeans(data.train, this.order))));
    this.p = {
      w: this.params.glorot('nade/W', [h, d - 1], d, h) as tf.Variable<tf.Rank.R2>,
      c: this.params.constant('nade/c', [h], 0) as tf.Variable<tf.Rank.R1>,
      v: this.params.glorot('nade/V', [h, d], h, d) as tf.Variable<tf.Rank.R2>,
      b: b as tf.Variable<tf.Rank.R1>,
    };
    this.optimizers = { optimizer: makeOptimizer(ctx.config.training.optimizer) };
  }

  /** A batch as [n, D] in model order. */
  private ordered(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const flat = tf.reshape(x, [x.shape[0], this.pixels]) as tf.Tensor2D;
      return this.orderIndices ? tf.gather(flat, this.orderIndices, 1) : flat;
    });
  }

  /** f over the rows of x in chunks of `chunkSize` (the activations are chunk × D × H floats). */
  private chunked<T>(x: tf.Tensor2D, f: (chunk: tf.Tensor2D) => T): T[] {
    const out: T[] = [];
    const n = x.shape[0];
    for (let start = 0; start < n; start += this.cfg.chunkSize) {
      const size = Math.min(this.cfg.chunkSize, n - start);
      const chunk = tf.slice(x, [start, 0], [size, this.pixels]);
      out.push(f(chunk));
      chunk.dispose();
    }
    return out;
  }

  trainStep(batch: Batch | null, _at: StepPosition): Record<string, tf.Scalar> {
    if (!batch) throw new Error('NADE trains on a data set');
    const x = this.ordered(batch.x);
    // Gradients of the batch's mean NLL, summed over chunks.
    const parts = this.chunked(x, (chunk) => nadeLossAndGradients(this.p, chunk, 1 / batch.size));
    x.dispose();
    const keys = ['w', 'c', 'v', 'b'] as const;
    const grads = Object.fromEntries(keys.map((k) => [k, tf.addN(parts.map((part) => part.grads[k]))])) as unknown as NadeGradients;
    this.addPenaltyGradients(grads);
    this.optimizers.optimizer.applyGradients(Object.fromEntries(keys.map((k) => [this.p[k].name, grads[k]])));
    const nll = tf.tidy(() => tf.mean(tf.concat(parts.map((part) => part.nll)))) as tf.Scalar;
    tf.dispose([...keys.map((k) => grads[k]), ...parts.flatMap((part) => [part.nll, ...keys.map((k) => part.grads[k])])]);
    return { nll };
  }

  /** The gradients of training.regularization's L1/L2 penalties on the weight matrices W and V. */
  private addPenaltyGradients(grads: NadeGradients): void {
    const { l1, l2 } = this.ctx.config.training.regularization;
    if (l1 === 0 && l2 === 0) return;
    for (const key of ['w', 'v'] as const) {
      const weights = this.p[key];
      const penalty = tf.tidy(() => tf.add(tf.mul(tf.sign(weights), l1), tf.mul(weights, 2 * l2)));
      const old = grads[key];
      grads[key] = tf.add(old, penalty) as tf.Tensor2D;
      tf.dispose([old, penalty]);
    }
  }

  /** Mean exact NLL of the first `count` images of a set. */
  private async meanNll(set: ImageSet, count: number): Promise<number> {
    let total = 0;
    for (let start = 0; start < count; start += this.cfg.chunkSize) {
      const batch = sliceBatch(set, start, Math.min(this.cfg.chunkSize, count - start));
      const x = this.ordered(batch.x);
      batch.x.dispose();
      const sum = tf.tidy(() => tf.sum(nadeNll(this.p, x)));
      x.dispose();
      total += (await sum.data())[0];
      sum.dispose();
    }
    return total / count;
  }

  async evaluate(): Promise<Record<string, number>> {
    const { train, test } = this.data;
    return {
      testNll: await this.meanNll(test, test.count),
      trainNll: await this.meanNll(train, Math.min(TRAIN_EVAL_EXAMPLES, train.count, Math.max(test.count, 1))),
    };
  }

  private async weights(): Promise<NadeWeights> {
    const [w, c, v, b] = await Promise.all(['w', 'c', 'v', 'b'].map((k) => this.p[k as keyof NadeParams].data() as Promise<Float32Array>));
    return { hidden: this.cfg.hidden, pixels: this.pixels, w, c, v, b };
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const { values } = ancestralSamples(await this.weights(), n, new Rng(seed));
    const { height, width } = this.data.test;
    const picture = tileImages(toRaster(values, this.order, n), n, height, width, 1, Math.ceil(Math.sqrt(n)));
    return [{ name: 'samples', kind: 'image', picture }];
  }

  /** Ancestral samples (binary pixels), in raster order. */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    const { values } = ancestralSamples(await this.weights(), n, new Rng(seed));
    return { images: toRaster(values, this.order, n), count: n };
  }

  async artifacts(): Promise<Artifact[]> {
    const out = await this.sample(this.cfg.samples, deriveSeed(this.ctx.config.training.seed, 0x5a));
    return [...out, ...conditionalsArtifacts(await this.conditionals(0))];
  }

  /** p(x_i = 1 | x_<i) at every pixel of one test image. */
  private async conditionals(testIndex: number): Promise<NadeConditionalsData> {
    const test = this.data.test;
    const batch = sliceBatch(test, testIndex, 1);
    const x = this.ordered(batch.x);
    batch.x.dispose();
    const probs = nadeConditionals(this.p, x);
    const [p, xs] = [await probs.data(), await x.data()];
    tf.dispose([probs, x]);
    return pixelConditionals({ width: test.width, height: test.height, testIndex }, toRaster(xs, this.order, 1),
      toRaster(p, this.order, 1), this.cfg.ordering);
  }

  explorer(): ModelExplorer {
    return { complete: (pixels, mask, n, seed) => this.complete(pixels, mask, n, seed) };
  }

  /** Ancestral completions of an image whose masked pixels (raster order) are resampled; the rest are kept. */
  private async complete(pixels: number[], mask: number[], n: number, seed: number): Promise<Completion[]> {
    const d = this.pixels;
    const given = { values: new Float32Array(d), free: new Uint8Array(d) };
    for (let i = 0; i < d; i++) {
      given.values[i] = pixels[this.order[i]] > 0.5 ? 1 : 0;
      given.free[i] = mask[this.order[i]] ? 1 : 0;
    }
    const { values, logLikelihoods } = ancestralSamples(await this.weights(), n, new Rng(seed), given);
    const { height, width } = this.data.test;
    const raster = toRaster(values, this.order, n);
    return splitPictures(raster, n, { height, width, channels: 1 }).map((picture, i) => ({ picture, logLikelihood: logLikelihoods[i] }));
  }

  override dispose(): void {
    super.dispose();
    this.orderIndices?.dispose();
  }
}

export const nadeFactory = dataSetModelFactory<NadeConfig>('nade', 'NADE', (ctx, data) => {
  if (data.train.channels !== 1) throw new Error('NADE models single-channel binary images');
  assertBinary(data.train, 'training');
  assertBinary(data.test, 'test');
  return new Nade(ctx.model, ctx, data);
});
