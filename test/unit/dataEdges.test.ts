import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { loadData } from '../../src/engine/data/load';
import { train } from '../../src/engine/train/trainer';
import { InputError } from '../../src/engine/train/errors';
import { runUnprivileged } from './helpers/unprivileged';
import { useTempDir } from './helpers/tmp';

/** An idx file of unsigned bytes with the given dimensions and zeros as data. */
function idx(dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.alloc(dims.reduce((a, b) => a * b, 1))]);
}

/** A Fashion-MNIST style folder of 5 training and 5 test images; `replace` swaps in other bytes for some files. */
function idxFolder(dir: string, replace: Record<string, Buffer> = {}, counts = { train: 5, test: 5 }): void {
  const files: Record<string, Buffer> = {
    'train-images-idx3-ubyte': idx([counts.train, 28, 28]), 'train-labels-idx1-ubyte': idx([counts.train]),
    't10k-images-idx3-ubyte': idx([counts.test, 28, 28]), 't10k-labels-idx1-ubyte': idx([counts.test]),
    ...replace,
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

const idxConfig = (dir: string) => ({ source: 'fashion-mnist' as const, dir, binarize: 'none' as const, padTo32: false });

async function png(file: string, grey: number): Promise<void> {
  await sharp(Buffer.alloc(8 * 8 * 3, grey), { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(file);
}

interface Loaded { train?: number; test?: number; skipped?: number; detail?: string; error?: string }

/** Loads an image folder as a user file modes bind (see runUnprivileged). */
function loadFolderUnprivileged(dir: string, readable: string[]): Loaded {
  const config = { source: 'image-folder', dir, crop: null, size: 8, channels: 3, testFraction: 0.25 };
  return runUnprivileged(join(__dirname, 'fixtures', 'loadDataAs.ts'), [JSON.stringify(config)], readable) as Loaded;
}

describe('data edge cases', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  for (const [trainCount, testCount, empty] of [[0, 5, 'train'], [5, 0, 'test']] as const) {
    it(`an idx ${empty} split of 0 images is refused, not trained as done with 0 steps`, async () => {
      idxFolder(tmp.path, {}, { train: trainCount, test: testCount });
      await assert.rejects(loadData(idxConfig(tmp.path)), new RegExp(`the ${empty} set of fashion-mnist has 0 images`));
    });
  }

  it('an idx file whose header is cut short is refused naming the file', async () => {
    // Magic number and rank 3, then 2 of the 12 bytes of dimensions.
    idxFolder(tmp.path, { 'train-images-idx3-ubyte': idx([5, 28, 28]).subarray(0, 6) });
    await assert.rejects(loadData(idxConfig(tmp.path)),
      (e: Error) => e.message.includes(join(tmp.path, 'train-images-idx3-ubyte')) && /truncated idx header/.test(e.message));
  });

  it('a cut-short .gz idx file is refused naming the file', async () => {
    idxFolder(tmp.path);
    // The gzipped file is read when the plain one is absent.
    rmSync(join(tmp.path, 't10k-labels-idx1-ubyte'));
    const gz = gzipSync(idx([5]));
    writeFileSync(join(tmp.path, 't10k-labels-idx1-ubyte.gz'), gz.subarray(0, gz.length - 8));
    await assert.rejects(loadData(idxConfig(tmp.path)),
      (e: Error) => e.message.includes(join(tmp.path, 't10k-labels-idx1-ubyte.gz')) && /not a complete gzip file/.test(e.message));
  });

  for (const [what, damage, expected] of [
    ['an empty training split', (dir: string) => idxFolder(dir, {}, { train: 0, test: 5 }), /the train set of fashion-mnist has 0 images/],
    ['a truncated idx header', (dir: string) => idxFolder(dir, { 'train-labels-idx1-ubyte': idx([5]).subarray(0, 5) }),
      /data[/\\]train-labels-idx1-ubyte: truncated idx header/],
  ] as const) {
    it(`train refuses ${what} as bad input (InputError: exit 2), naming the config and the problem`, async () => {
      const data = join(tmp.path, 'data');
      mkdirSync(data);
      damage(data);
      const configPath = join(tmp.path, 'x.genlab.json');
      writeFileSync(configPath, JSON.stringify({ model: { type: 'vae', hidden: [8] }, backend: 'cpu',
        data: { source: 'fashion-mnist', dir: data }, training: { epochs: 1, batchSize: 4 } }));
      await assert.rejects(train({ configPath, outDir: join(tmp.path, 'runs'), emit: () => undefined }),
        (e: Error) => e instanceof InputError && e.message.startsWith(`${configPath}: data`) && expected.test(e.message));
    });
  }

  it('an unreadable subfolder is skipped and counted, the rest of the folder loads', async () => {
    const dir = join(tmp.path, 'images');
    mkdirSync(join(dir, 'good'), { recursive: true });
    mkdirSync(join(dir, 'locked'));
    for (let i = 0; i < 4; i++) await png(join(dir, 'good', `${i}.png`), 40 * i);
    await png(join(dir, 'locked', 'hidden.png'), 200);
    chmodSync(join(dir, 'locked'), 0o000);
    const loaded = loadFolderUnprivileged(dir, [tmp.path]);
    assert.equal(loaded.error, undefined);
    assert.equal((loaded.train ?? 0) + (loaded.test ?? 0), 4);
    assert.equal(loaded.skipped, 1);
    assert.match(loaded.detail ?? '', /locked\/: permission denied/);
  });

  it('an unreadable image is skipped as "permission denied", naming it (not "unsupported image format")', async () => {
    const dir = join(tmp.path, 'images');
    mkdirSync(dir);
    for (let i = 0; i < 4; i++) await png(join(dir, `${i}.png`), 40 * i);
    chmodSync(join(dir, '2.png'), 0o000);
    const loaded = loadFolderUnprivileged(dir, [tmp.path]);
    assert.equal(loaded.error, undefined);
    assert.equal(loaded.skipped, 1);
    assert.match(loaded.detail ?? '', /2\.png: permission denied/);
    assert.doesNotMatch(loaded.detail ?? '', /unsupported image format/);
  });

  it('a FIFO named like an image is skipped and counted, not read (which would wait for a writer for ever)', async () => {
    const dir = join(tmp.path, 'images');
    mkdirSync(dir);
    for (let i = 0; i < 4; i++) await png(join(dir, `${i}.png`), 40 * i);
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.png')]).status, 0, 'mkfifo');
    const data = await loadData({ source: 'image-folder', dir, crop: null, size: 8, channels: 3, testFraction: 0.25 });
    assert.equal(data.train.count + data.test.count, 4);
    assert.equal(data.skipped, 1);
    assert.match(data.detail ?? '', /pipe\.png: not a regular file/);
  });
});
