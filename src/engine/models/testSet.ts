import * as tf from '@tensorflow/tfjs-core';
import { sliceBatch, type Batch, type ImageSet } from '../data/dataset';

/** Test images per forward pass when evaluating. */
const EVAL_BATCH = 1000;

/**
 * Per-image means over a whole set of per-example losses (e.g. a VAE's reconstruction and KL, in nats):
 * `losses` maps a batch (and the index of its first image) to tensors of shape [n]. Each batch's sums are
 * read back in one transfer.
 */
export async function testSetMeans<K extends string>(
  set: ImageSet,
  losses: (batch: Batch, start: number) => Record<K, tf.Tensor1D>,
): Promise<Record<K, number>> {
  const sums = {} as Record<K, number>;
  for (let start = 0; start < set.count; start += EVAL_BATCH) {
    const batch = sliceBatch(set, start, EVAL_BATCH);
    let names: K[] = [];
    const stacked = tf.tidy(() => {
      const perExample = losses(batch, start);
      names = Object.keys(perExample) as K[];
      return tf.stack(names.map((name) => tf.sum(perExample[name])));
    });
    batch.x.dispose();
    const values = await stacked.data();
    stacked.dispose();
    names.forEach((name, i) => { sums[name] = (sums[name] ?? 0) + values[i]; });
  }
  return Object.fromEntries(Object.entries<number>(sums).map(([name, sum]) => [name, sum / set.count])) as Record<K, number>;
}
