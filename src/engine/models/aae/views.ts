import type { LatentScatterData, PriorDensityGrid } from '../../../shared/protocol';
import { priorDensity, type LatentPrior } from './priors';

/** Bins per side of the prior's density under the latent scatter, and the draws its histogram counts. */
const DENSITY_BINS = 48;
const DENSITY_DRAWS = 200_000;

/**
 * Codes [n·dim] of an N×N grid spanning the prior's square [−extent, extent]² in the first two dims (the others at 0),
 * row-major with the top row at z₂ = +extent, as the manifold view lays out its decoded images.
 */
export function manifoldCodes(n: number, dim: number, extent: number): Float32Array {
  const z = new Float32Array(n * n * dim);
  for (let i = 0; i < n * n; i++) {
    z[i * dim] = -extent + (2 * extent * (i % n)) / (n - 1);
    z[i * dim + 1] = extent - (2 * extent * Math.floor(i / n)) / (n - 1);
  }
  return z;
}

/** The prior's density as the latent scatter draws it (four significant digits: the file stays small). */
export function priorDensityGrid(prior: LatentPrior, seed: number): PriorDensityGrid {
  const density = priorDensity(prior, DENSITY_BINS, DENSITY_DRAWS, seed).map((column) => column.map((v) => Number(v.toPrecision(4))));
  return { range: [[-prior.extent, prior.extent], [-prior.extent, prior.extent]], bins: DENSITY_BINS, density };
}

/** The first two dims of `codes` [n·dim] as scatter points labelled by class (named 0, 1, …), over the prior's density. */
export function latentScatterData(codes: Float32Array, labels: Uint8Array, dim: number, prior: PriorDensityGrid): LatentScatterData {
  const points = Array.from({ length: labels.length }, (_, i): [number, number, number] => [codes[i * dim], codes[i * dim + 1], labels[i]]);
  const classes = labels.reduce((most, label) => Math.max(most, label + 1), 0);
  return { points, labels: Array.from({ length: classes }, (_, i) => String(i)), prior };
}
