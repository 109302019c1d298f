import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FACE_CROP, FACE_IMAGE, faceSvg, renderFacePng, writeFaceSet } from '../../src/engine/data/faces';
import { useTempDir } from './helpers/tmp';

describe('built-in face set', () => {
  const tmp = useTempDir();

  it('is deterministic for a seed, differs across seeds, and leaves Math.random alone', async () => {
    const random = Math.random;
    const [a, b, other] = await Promise.all([faceSvg(7, 0), faceSvg(7, 0), faceSvg(8, 0)]);
    assert.equal(a, b);
    assert.notEqual(a, other);
    assert.equal(Math.random, random);
    assert.deepEqual(await renderFacePng(a), await renderFacePng(b));
  });

  it('writes CelebA-sized PNGs; a smaller set is a prefix of a larger one', async () => {
    const small = await writeFaceSet({ n: 2, seed: 3, outDir: join(tmp.path, 'small') });
    const large = await writeFaceSet({ n: 3, seed: 3, outDir: join(tmp.path, 'large') });
    assert.deepEqual(readdirSync(join(tmp.path, 'large')).filter((f) => f.endsWith('.png')),
      ['face-000000.png', 'face-000001.png', 'face-000002.png']);
    for (let i = 0; i < 2; i++) assert.deepEqual(readFileSync(small[i]), readFileSync(large[i]));
    const meta = await sharp(large[0]).metadata();
    assert.deepEqual([meta.width, meta.height, meta.channels], [FACE_IMAGE.width, FACE_IMAGE.height, 3]);
  });

  it('draws the face inside the crop box: its central half shows almost no background', async () => {
    const [file] = await writeFaceSet({ n: 1, seed: 0, outDir: tmp.path });
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3).join();
    const background = at(1, 1);
    let backgroundPixels = 0;
    const x0 = FACE_CROP.x + FACE_CROP.width / 4;
    const y0 = FACE_CROP.y + FACE_CROP.height / 4;
    for (let y = y0; y < y0 + FACE_CROP.height / 2; y++) {
      for (let x = x0; x < x0 + FACE_CROP.width / 2; x++) if (at(x, y) === background) backgroundPixels++;
    }
    assert.ok(backgroundPixels < 0.02 * (FACE_CROP.width / 2) ** 2, `${backgroundPixels} background pixels`);
  });
});
