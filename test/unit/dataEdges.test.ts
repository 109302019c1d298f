import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadData } from '../../src/engine/data/load';
import { useTempDir } from './helpers/tmp';

/** An idx file of unsigned bytes with the given dimensions and zeros as data. */
function idx(dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.alloc(dims.reduce((a, b) => a * b, 1))]);
}

describe('data edge cases', () => {
  const tmp = useTempDir();

  for (const [trainCount, testCount, empty] of [[0, 5, 'train'], [5, 0, 'test']] as const) {
    it(`an idx ${empty} split of 0 images is refused, not trained as done with 0 steps`, async () => {
      writeFileSync(join(tmp.path, 'train-images-idx3-ubyte'), idx([trainCount, 28, 28]));
      writeFileSync(join(tmp.path, 'train-labels-idx1-ubyte'), idx([trainCount]));
      writeFileSync(join(tmp.path, 't10k-images-idx3-ubyte'), idx([testCount, 28, 28]));
      writeFileSync(join(tmp.path, 't10k-labels-idx1-ubyte'), idx([testCount]));
      await assert.rejects(loadData({ source: 'fashion-mnist', dir: tmp.path, binarize: 'none', padTo32: false }),
        new RegExp(`the ${empty} set of fashion-mnist has 0 images`));
    });
  }
});
