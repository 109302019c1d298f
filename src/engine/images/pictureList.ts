import type { Picture } from './picture';
import { tileImages } from './picture';

/** Cuts `n` images (n × h × w × c floats in [0, 1], as read back from a tensor) into one picture each. */
export function splitPictures(values: Float32Array, n: number, shape: { height: number; width: number; channels: number }): Picture[] {
  const size = shape.height * shape.width * shape.channels;
  return Array.from({ length: n }, (_, i) =>
    tileImages(values.subarray(i * size, (i + 1) * size), 1, shape.height, shape.width, shape.channels as 1 | 3, 1, 0));
}

/** A flat array as rows of `width` numbers. */
export function toRows(values: ArrayLike<number>, width: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < values.length; start += width) rows.push(Array.from({ length: width }, (_, i) => values[start + i]));
  return rows;
}
