import type { NadeConditionalsData } from '../../shared/protocol';
import { panelsPicture } from '../images/heatmap';
import type { Artifact } from './model';

/** Screen pixels per image pixel in the conditionals picture. */
const HEATMAP_SCALE = 8;

/**
 * The conditionals view's data for one binary test image (raster order) and p(x_i = 1 | x_<i) at each pixel, as
 * autoregressive models over pixels (NADE, PixelCNN) give it: −log p(image) is the sum of the pixels' Bernoulli terms.
 */
export function pixelConditionals(image: { width: number; height: number; testIndex: number }, pixels: ArrayLike<number>,
  probabilities: ArrayLike<number>, ordering: NadeConditionalsData['ordering']): NadeConditionalsData {
  let nll = 0;
  for (let i = 0; i < probabilities.length; i++) nll -= Math.log(pixels[i] > 0.5 ? probabilities[i] : 1 - probabilities[i]);
  return {
    ...image,
    pixels: Array.from(pixels),
    probabilities: Array.from(probabilities, (v) => Math.round(v * 1e5) / 1e5),
    nll, ordering,
  };
}

/** The conditionals view: the picture (the image beside its heat map) and its data for the panel. */
export function conditionalsArtifacts(data: NadeConditionalsData): Artifact[] {
  return [
    { name: 'conditionals', kind: 'image', picture: panelsPicture(
      [{ values: data.pixels, kind: 'grey' }, { values: data.probabilities, kind: 'heat' }], data.width, data.height, HEATMAP_SCALE) },
    { name: 'conditionals', kind: 'json', data },
  ];
}
