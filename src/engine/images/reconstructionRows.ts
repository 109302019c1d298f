import type { Picture } from './picture';
import { tileImages } from './picture';

/**
 * Originals above their reconstructions: each row of `cols` originals is followed by the row of
 * their reconstructions, so every pair sits one above the other. Values in [0, 1], n ≥ 1 images each;
 * a last row that is not full leaves blank cells, and fewer than `cols` images make narrower rows.
 */
export function reconstructionRows(originals: Float32Array, reconstructions: Float32Array, n: number,
  shape: { height: number; width: number; channels: number }, cols: number): Picture {
  if (n < 1) throw new Error('reconstructionRows needs at least one image');
  const per = shape.height * shape.width * shape.channels;
  const width = Math.min(cols, n);
  const rows = Math.ceil(n / width);
  // Every row pair is a full 2 × width cells (black where a last row runs out), so offsets stay in bounds.
  const interleaved = new Float32Array(2 * rows * width * per);
  for (let r = 0; r < rows; r++) {
    const count = Math.min(width, n - r * width);
    interleaved.set(originals.subarray(r * width * per, (r * width + count) * per), 2 * r * width * per);
    interleaved.set(reconstructions.subarray(r * width * per, (r * width + count) * per), (2 * r + 1) * width * per);
  }
  return tileImages(interleaved, 2 * rows * width, shape.height, shape.width, shape.channels as 1 | 3, width);
}
