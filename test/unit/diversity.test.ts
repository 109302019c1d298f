import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FACE_CROP, writeFaceSet } from '../../src/engine/data/faces';
import { decodeImage } from '../../src/engine/data/imageFolder';
import { diversity } from '../../src/engine/quality/diversity';
import { Rng } from '../../src/engine/util/rng';

const SIDE = 64;
const SHAPE = { height: SIDE, width: SIDE, channels: 3 };
const PIXELS = SIDE * SIDE * 3;
const FACES = 16;

/** Images `indices` of `faces`, concatenated; each value jittered by up to ±jitter (clamped to [0, 1]). */
function setOf(faces: Float32Array[], indices: number[], jitter = 0, seed = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(indices.length * PIXELS);
  indices.forEach((face, i) => out.set(faces[face], i * PIXELS));
  if (jitter > 0) for (let k = 0; k < out.length; k++) out[k] = Math.min(1, Math.max(0, out[k] + jitter * (2 * rng.uniform() - 1)));
  return out;
}

describe('diversity score', function () {
  this.timeout(60_000);
  let faces: Float32Array[] = [];
  // Made once for the whole suite (a per-test temporary folder does not exist yet in `before`).
  const dir = mkdtempSync(join(tmpdir(), 'genlab-diversity-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    // Real built-in faces through the DCGAN pipeline (crop, resize to 64×64).
    const files = await writeFaceSet({ n: FACES, seed: 11, outDir: join(dir, 'faces') });
    faces = await Promise.all(files.map(async (file) => {
      const bytes = await decodeImage(file, { crop: FACE_CROP, size: SIDE, channels: 3 });
      if (typeof bytes === 'string') throw new Error(bytes);
      return Float32Array.from(bytes, (b) => b / 255);
    }));
  });

  const all = () => Array.from({ length: FACES }, (_, i) => i);

  it('scores a collapsed set far below varied faces, and a half-collapsed one in between', () => {
    const varied = diversity(setOf(faces, all()), FACES, SHAPE);
    const repeated = diversity(setOf(faces, all().map(() => 3)), FACES, SHAPE);
    // A collapsed generator's near-copies: one face with per-pixel noise.
    const jittered = diversity(setOf(faces, all().map(() => 3), 0.1), FACES, SHAPE);
    // Half the images one face, half varied.
    const half = diversity(setOf(faces, all().map((i) => (i % 2 === 0 ? 3 : i))), FACES, SHAPE);
    assert.equal(repeated, 0);
    assert.ok(jittered < 0.15 * varied, `jittered ${jittered} vs varied ${varied}`);
    assert.ok(half > 1.5 * jittered && half < 0.85 * varied, `half ${half} between ${jittered} and ${varied}`);
  });

  it('is deterministic and does not depend on image order', () => {
    const order = all();
    const shuffled = [...order].reverse();
    const a = diversity(setOf(faces, order), FACES, SHAPE);
    assert.equal(diversity(setOf(faces, order), FACES, SHAPE), a);
    assert.ok(Math.abs(diversity(setOf(faces, shuffled), FACES, SHAPE) - a) < 1e-9);
  });

  it('stays cheap for 500 images of 64×64×3', () => {
    const images = setOf(faces, Array.from({ length: 500 }, (_, i) => i % FACES), 0.05);
    const start = performance.now();
    const score = diversity(images, 500, SHAPE);
    const ms = performance.now() - start;
    assert.ok(Number.isFinite(score) && score > 0);
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });

  it('refuses a buffer that does not match count and shape', () => {
    assert.throws(() => diversity(new Float32Array(10), 2, SHAPE), /values for 2 images/);
  });
});
