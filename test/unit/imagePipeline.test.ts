import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage, loadImageFolder } from '../../src/engine/data/imageFolder';
import { useTempDir } from './helpers/tmp';

const CROP = { x: 25, y: 50, width: 128, height: 128 };
const RED = [255, 0, 0];
/** Quadrants of the crop box: top-left, top-right, bottom-left, bottom-right. */
const QUADRANTS = [[0, 160, 0], [0, 0, 255], [255, 255, 255], [0, 0, 0]];

/**
 * A CelebA-sized 178×218 image that is red everywhere except the crop box, which holds four
 * flat quadrants. A crop off by even one pixel lets red into an edge of the 64×64 result.
 */
async function handMadeImage(file: string): Promise<void> {
  const width = 178;
  const height = 218;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cx = x - CROP.x;
      const cy = y - CROP.y;
      const inside = cx >= 0 && cy >= 0 && cx < CROP.width && cy < CROP.height;
      const colour = inside ? QUADRANTS[(cy < 64 ? 0 : 2) + (cx < 64 ? 0 : 1)] : RED;
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(file);
}

describe('image pipeline: crop box, resize, corrupt files', () => {
  const tmp = useTempDir();

  it('crops the 128×128 box at (25, 50) and resizes it to 64×64', async () => {
    const file = join(tmp.path, 'pattern.png');
    await handMadeImage(file);
    const out = await decodeImage(file, { crop: CROP, size: 64, channels: 3 });
    assert.ok(out instanceof Uint8Array, String(out));
    assert.equal(out.length, 64 * 64 * 3);
    // Away from the quadrant seams (where resampling blends neighbours) every pixel is its
    // quadrant's colour, including the outermost rows and columns next to the red surround.
    let checked = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        if (Math.abs(x - 31.5) < 4 || Math.abs(y - 31.5) < 4) continue;
        const expected = QUADRANTS[(y < 32 ? 0 : 2) + (x < 32 ? 0 : 1)];
        const got = [...out.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
        assert.ok(got.every((v, c) => Math.abs(v - expected[c]) <= 2), `pixel (${x}, ${y}) is ${got}, expected ${expected}`);
        checked++;
      }
    }
    assert.equal(checked, 56 * 56);
  });

  it('keeps the whole image when crop is null', async () => {
    const file = join(tmp.path, 'pattern.png');
    await handMadeImage(file);
    const out = await decodeImage(file, { crop: null, size: 64, channels: 3 });
    assert.ok(out instanceof Uint8Array);
    assert.deepEqual([...out.subarray(0, 3)], RED); // the top-left corner is outside the box
  });

  it('skips and counts a truncated PNG and a non-image among good ones', async () => {
    const dir = join(tmp.path, 'faces');
    mkdirSync(dir);
    for (let i = 0; i < 3; i++) await handMadeImage(join(dir, `good${i}.png`));
    const whole = await sharp(join(dir, 'good0.png')).png().toBuffer();
    writeFileSync(join(dir, 'truncated.png'), whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(dir, 'text.png'), 'not a png at all');
    const data = await loadImageFolder({ source: 'image-folder', dir, crop: CROP, size: 64, channels: 3, testFraction: 0.05 });
    assert.equal(data.skipped, 2);
    assert.equal(data.train.count + data.test.count, 3);
    assert.match(data.detail ?? '', /truncated\.png/);
    assert.match(data.detail ?? '', /text\.png/);
  });
});
