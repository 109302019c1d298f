import type { Picture } from '../models/model';
import { tileImages } from './picture';

/**
 * Originals above their reconstructions: each row of `cols` originals is followed by the row of
 * their reconstructions, so every pair sits one above the other. Values in [0, 1], n images each.
 */
export function reconstructionRows(originals: Float32Array, reconstructions: Float32Array, n: number,
  shape: { height: number; width: number; channels: number }, cols: number): Picture {
  const per = shape.height * shape.width * shape.channels;
  const interleaved = new Float32Array(2 * n * per);
  for (let r = 0; r < Math.ceil(n / cols); r++) {
    const count = Math.min(cols, n - r * cols);
    interleaved.set(originals.subarray(r * cols * per, (r * cols + count) * per), 2 * r * cols * per);
    interleaved.set(reconstructions.subarray(r * cols * per, (r * cols + count) * per), (2 * r + 1) * cols * per);
  }
  return tileImages(interleaved, 2 * n, shape.height, shape.width, shape.channels as 1 | 3, cols);
}
