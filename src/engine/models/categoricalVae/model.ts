import * as tf from '@tensorflow/tfjs-core';
import type { DataSplits } from '../../data/dataset';
import { sliceBatch, type Batch } from '../../data/dataset';
import { tileImages } from '../../images/picture';
import { reconstructionRows } from '../../images/reconstructionRows';
import { makeOptimizer } from '../../nn/optimizers';
import { ParamStore } from '../../nn/params';
import { gumbelSoftmax } from '../../ops/gumbel';
import { temperatureAt } from '../../ops/temperatureSchedule';
import { deriveSeed, Rng } from '../../util/rng';
import type { Artifact, GenerativeModel, ModelContext, ModelFactory, StepPosition } from '../model';
import { bceFromLogits } from '../../nn/vaeLosses';
import type { CategoricalVaeConfig } from './config';
import { categoricalKlToUniform } from './losses';
import { buildCategoricalVaeNetworks, type CategoricalVaeNetworks } from './networks';

const EVAL_BATCH = 1000;
const SHOWN_RECONSTRUCTIONS = 16;

class CategoricalVae implements GenerativeModel {
  private readonly params: ParamStore;
  private readonly nets: CategoricalVaeNetworks;
  private readonly optimizer: tf.Optimizer;
  private readonly pixels: number;

  constructor(private readonly c: CategoricalVaeConfig, private readonly ctx: ModelContext<CategoricalVaeConfig>,
    private readonly data: DataSplits) {
    const { train } = data;
    this.pixels = train.height * train.width * train.channels;
    this.params = new ParamStore(deriveSeed(ctx.config.training.seed, 0xca7e));
    this.nets = buildCategoricalVaeNetworks(this.params, c, this.pixels);
    this.optimizer = makeOptimizer(ctx.config.training.optimizer);
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
    const { l1, l2 } = this.ctx.config.training.regularization;
    const temperature = temperatureAt(this.c.temperature, at.globalStep);
    const kept: Record<string, tf.Scalar> = {};
    const loss = this.optimizer.minimize(() => {
      const { reconstruction, kl } = this.losses(batch.x, temperature, this.c.hard, at.seed);
      kept.reconstruction = tf.keep(tf.mean(reconstruction));
      kept.kl = tf.keep(tf.mean(kl));
      const penalty = this.params.penalty(l1, l2);
      const negElbo = tf.add(kept.reconstruction, kept.kl) as tf.Scalar;
      return penalty ? tf.add(negElbo, penalty) : negElbo;
    }, true, this.params.trainable())!;
    return { loss, ...kept, temperature };
  }

  /**
   * Negative ELBO of the discrete model on the test set, in nats per image: one exact one-hot sample
   * z ~ q(z|x) per image (a hard Gumbel-max draw), so it is an unbiased estimate of a true bound.
   */
  async evaluate(epoch: number, seed: number): Promise<Record<string, number>> {
    const test = this.data.test;
    const sums = { reconstruction: 0, kl: 0 };
    for (let start = 0; start < test.count; start += EVAL_BATCH) {
      const batch = sliceBatch(test, start, EVAL_BATCH);
      const [rec, kl] = tf.tidy(() => {
        const l = this.losses(batch.x, 1, true, deriveSeed(seed, epoch, start));
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

  private async decodeToValues(z: tf.Tensor3D): Promise<Float32Array> {
    const probs = tf.tidy(() => tf.sigmoid(this.nets.decode(z)));
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    return values;
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
    const reconstructed = await this.decodeToValues(mode);
    shown.x.dispose();
    mode.dispose();
    out.push({ name: 'reconstructions', kind: 'image', picture: reconstructionRows(originals, reconstructed, shown.size, test, 8) });
    return out;
  }

  /** Decoded codes drawn from the prior: every variable takes a uniformly random class. */
  async sample(n: number, seed: number): Promise<Artifact[]> {
    const { categoricals, classes } = this.c;
    const rng = new Rng(seed);
    const codes = new Float32Array(n * categoricals * classes);
    for (let i = 0; i < n * categoricals; i++) codes[i * classes + rng.int(classes)] = 1;
    const z = tf.tensor3d(codes, [n, categoricals, classes]);
    const values = await this.decodeToValues(z);
    z.dispose();
    const test = this.data.test;
    const picture = tileImages(values, n, test.height, test.width, test.channels as 1 | 3, Math.ceil(Math.sqrt(n)), 0);
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

export const categoricalVaeFactory: ModelFactory<CategoricalVaeConfig> = {
  type: 'categorical-vae',
  create(ctx) {
    if (!ctx.data) throw new Error('the categorical VAE needs a data set (config `data`)');
    return new CategoricalVae(ctx.model, ctx, ctx.data);
  },
};
