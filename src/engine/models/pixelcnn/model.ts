import * as tf from '@tensorflow/tfjs-core';
import type { NadeConditionalsData } from '../../../shared/protocol';
import { sliceBatch, type Batch, type DataSplits, type ImageSet } from '../../data/dataset';
import { tileImages } from '../../images/picture';
import { splitPictures } from '../../images/pictureList';
import { makeOptimizer } from '../../nn/optimizers';
import { deriveSeed, Rng } from '../../util/rng';
import { dataSetModelFactory, type Artifact, type Completion, type GenerativeModel, type ModelContext, type ModelExplorer, type QualitySamples } from '../model';
import { ParamModel } from '../paramModel';
import { conditionalsArtifacts, pixelConditionals } from '../pixelConditionals';
import type { PixelCnnConfig } from './config';
import { buildPixelCnn, type PixelCnnNetwork } from './network';
import { ancestralSamples, type GivenPixels } from './sampler';

/**
 * PixelCNN on binary images, trained by maximum likelihood; every reported NLL is exact (nats per image, the
 * sum of the Bernoulli NLLs of all pixels in raster order).
 *
 * Metrics: step `nll` (the batch's mean NLL); epoch `testNll` over the whole test set and `trainNll` over the
 * first TRAIN_EVAL_EXAMPLES training images (a check on overfitting), after the epoch.
 *
 * Artifacts, under NADE's names so the panel draws them the same way:
 *  - `samples` (image): a grid of ancestral samples, the same seed every epoch so progress is visible.
 *  - `conditionals` (image and json, NadeConditionalsData): test image 0 beside p(x_i = 1 | x_<i) at every pixel.
 */

const TRAIN_EVAL_EXAMPLES = 1000;
/** Images per forward pass when evaluating: activations are this × H × W × channels floats per layer. */
const EVAL_CHUNK = 100;

function assertBinary(set: ImageSet, split: string): void {
  for (let i = 0; i < set.pixels.length; i++) {
    const v = set.pixels[i];
    if (v !== 0 && v !== 255) {
      throw new Error(`PixelCNN models binary images, but the ${split} set has grey levels: set data.binarize to "stochastic" or "threshold"`);
    }
  }
}

/** Logit of the share of pixels that are on, clipped: the output bias's starting point. */
function meanLogit(set: ImageSet): number {
  let on = 0;
  for (let i = 0; i < set.pixels.length; i++) on += set.pixels[i] / 255;
  const p = Math.min(1 - 1e-3, Math.max(1e-3, on / Math.max(1, set.pixels.length)));
  return Math.log(p / (1 - p));
}

/** −log p(x) per image in nats from the per-pixel logits: Σ_i softplus(l_i) − x_i·l_i. */
export function nllFromLogits(logits: tf.Tensor4D, x: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), [1, 2, 3])) as tf.Tensor1D;
}

class PixelCnn extends ParamModel implements GenerativeModel {
  private readonly net: PixelCnnNetwork;
  protected readonly optimizers: { optimizer: tf.Optimizer };
  private readonly shape: ImageSet;

  constructor(private readonly cfg: PixelCnnConfig, private readonly ctx: ModelContext<PixelCnnConfig>, private readonly data: DataSplits) {
    super(deriveSeed(ctx.config.training.seed, 0x9c22));
    this.shape = data.train;
    this.net = buildPixelCnn(this.params, cfg, meanLogit(data.train));
    this.optimizers = { optimizer: makeOptimizer(ctx.config.training.optimizer) };
  }

  /** Deterministic given the batch (the binarization is drawn once, by the data loader): no step seed is needed. */
  trainStep(batch: Batch | null): Record<string, tf.Scalar> {
    if (!batch) throw new Error('PixelCNN trains on a data set');
    let nll: tf.Scalar | undefined;
    const objective = this.optimizers.optimizer.minimize(() => {
      nll = tf.keep(tf.mean(nllFromLogits(this.net.logits(batch.x), batch.x)) as tf.Scalar);
      return this.params.regularized(nll, this.ctx.config.training.regularization);
    }, true, this.params.trainable())!;
    // The objective is the NLL itself unless training.regularization adds a penalty: report the NLL alone.
    if (objective !== nll) objective.dispose();
    return { nll: nll! };
  }

  /** Mean exact NLL of the first `count` images of a set. */
  private async meanNll(set: ImageSet, count: number): Promise<number> {
    let total = 0;
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const batch = sliceBatch(set, start, Math.min(EVAL_CHUNK, count - start));
      const sum = tf.tidy(() => tf.sum(nllFromLogits(this.net.logits(batch.x), batch.x)));
      batch.x.dispose();
      total += (await sum.data())[0];
      sum.dispose();
    }
    return total / count;
  }

  async evaluate(): Promise<Record<string, number>> {
    const { train, test } = this.data;
    return { testNll: await this.meanNll(test, test.count), trainNll: await this.meanNll(train, Math.min(TRAIN_EVAL_EXAMPLES, train.count)) };
  }

  private async draw(n: number, seed: number, given?: GivenPixels) {
    return ancestralSamples(await this.net.read(), n, this.shape.height, this.shape.width, new Rng(seed), given);
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const { values } = await this.draw(n, seed);
    const picture = tileImages(values, n, this.shape.height, this.shape.width, 1, Math.ceil(Math.sqrt(n)));
    return [{ name: 'samples', kind: 'image', picture }];
  }

  /** Ancestral samples (binary pixels). */
  async qualitySamples(n: number, seed: number): Promise<QualitySamples> {
    return { images: (await this.draw(n, seed)).values, count: n };
  }

  async artifacts(): Promise<Artifact[]> {
    const out = await this.sample(this.cfg.samples, deriveSeed(this.ctx.config.training.seed, 0x5a));
    return [...out, ...conditionalsArtifacts(await this.conditionals(0))];
  }

  /** p(x_i = 1 | x_<i) at every pixel of one test image, from one pass of the network. */
  private async conditionals(testIndex: number): Promise<NadeConditionalsData> {
    const test = this.data.test;
    const batch = sliceBatch(test, testIndex, 1);
    const probs = tf.tidy(() => tf.sigmoid(this.net.logits(batch.x)));
    const [p, xs] = [await probs.data(), await batch.x.data()];
    tf.dispose([probs, batch.x]);
    return pixelConditionals({ width: test.width, height: test.height, testIndex }, xs, p, 'raster');
  }

  explorer(): ModelExplorer {
    return { complete: (pixels, mask, n, seed) => this.complete(pixels, mask, n, seed) };
  }

  /** Ancestral completions of an image whose masked pixels (raster order) are resampled; the rest are kept. */
  private async complete(pixels: number[], mask: number[], n: number, seed: number): Promise<Completion[]> {
    const given = { values: Float32Array.from(pixels, (v) => (v > 0.5 ? 1 : 0)), free: Uint8Array.from(mask, (m) => (m ? 1 : 0)) };
    const { values, logLikelihoods } = await this.draw(n, seed, given);
    return splitPictures(values, n, this.shape).map((picture, i) => ({ picture, logLikelihood: logLikelihoods[i] }));
  }

  override dispose(): void {
    super.dispose();
    this.net.dispose();
  }
}

export const pixelCnnFactory = dataSetModelFactory<PixelCnnConfig>('pixelcnn', 'PixelCNN', (ctx, data) => {
  if (data.train.channels !== 1) throw new Error('PixelCNN models single-channel binary images');
  assertBinary(data.train, 'training');
  assertBinary(data.test, 'test');
  return new PixelCnn(ctx.model, ctx, data);
});
