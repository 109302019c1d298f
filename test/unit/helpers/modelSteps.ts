import { strict as assert } from 'node:assert';
import { gatherBatch, type ImageSet } from '../../../src/engine/data/dataset';
import { cyclingLabels } from '../../../src/engine/models/classConditioning';
import type { Artifact, GenerativeModel } from '../../../src/engine/models/model';
import { Rng } from '../../../src/engine/util/rng';

/** The 8×8 class-bar images' side and class count. */
export const BAR_SIDE = 8;
export const BAR_CLASSES = 3;

/** Whether pixel `pixel` of an 8×8 image is on class k's bar (rows 3k and 3k+1). */
export const onBar = (k: number, pixel: number) => {
  const row = Math.floor(pixel / BAR_SIDE) - 3 * k;
  return row === 0 || row === 1;
};

/**
 * Images whose class decides what they show, for the conditional models' tests: the bar of their label, 5% of pixels
 * flipped; labels 0, 1, 2, 0, …
 */
export function barSet(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const labels = cyclingLabels(count, BAR_CLASSES);
  const pixels = new Uint8Array(count * BAR_SIDE * BAR_SIDE);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = onBar(labels[Math.floor(i / (BAR_SIDE * BAR_SIDE))], i % (BAR_SIDE * BAR_SIDE)) !== rng.uniform() < 0.05 ? 255 : 0;
  }
  return { pixels, labels, count, height: BAR_SIDE, width: BAR_SIDE, channels: 1 };
}

/**
 * One training step on batch `globalStep` of `set` (`batchSize` images, wrapping round), with step seed
 * `seedBase + globalStep`; its metrics read back as numbers and disposed.
 */
export function stepMetrics(model: GenerativeModel, set: ImageSet, globalStep: number, batchSize: number, seedBase: number): Record<string, number> {
  const batch = gatherBatch(set, Uint32Array.from({ length: batchSize }, (_, i) => (globalStep * batchSize + i) % set.count));
  const metrics = model.trainStep(batch, { epoch: 1, step: globalStep, globalStep, seed: seedBase + globalStep });
  batch.x.dispose();
  const values = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, typeof v === 'number' ? v : v.dataSync()[0]]));
  for (const v of Object.values(metrics)) if (typeof v !== 'number') v.dispose();
  return values;
}

/** The picture of an image artifact (failing the test if it is not one). */
export function pictureOf(artifact: Artifact): Extract<Artifact, { kind: 'image' }>['picture'] {
  assert.equal(artifact.kind, 'image', `${artifact.name} is an image`);
  return (artifact as Extract<Artifact, { kind: 'image' }>).picture;
}
