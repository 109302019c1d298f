import { Rng } from '../../util/rng';

/**
 * The autoregressive order of the pixels: `order[i]` is the raster index of the i-th pixel modelled.
 * `random` is one fixed permutation per seed, so a run and its resumption agree.
 */
export function pixelOrder(kind: 'raster' | 'random', pixels: number, seed: number): Uint32Array {
  if (kind === 'random') return new Rng(seed).permutation(pixels);
  return Uint32Array.from({ length: pixels }, (_, i) => i);
}

/** Rearranges per-pixel values of `count` images from model order back to raster order. */
export function toRaster(values: ArrayLike<number>, order: Uint32Array, count: number): Float32Array {
  const d = order.length;
  const out = new Float32Array(count * d);
  for (let n = 0; n < count; n++) for (let i = 0; i < d; i++) out[n * d + order[i]] = values[n * d + i];
  return out;
}
