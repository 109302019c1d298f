import { Rng } from '../../util/rng';

/**
 * The priors p(z) an adversarial autoencoder matches its aggregated posterior q(z) to (Makhzani et al. 2015,
 * figs. 2 and 4). Draws are plain arrays: the discriminator sees them as its "real" samples.
 */

export type PriorKind = 'gaussian' | 'mixture' | 'swiss-roll';

/** Mixture: the components' means lie on a circle of this radius, component k at angle 2πk/K. */
export const MIXTURE_RADIUS = 3;
/** Mixture: each component's standard deviation along its radius and across it (elongated, as in the paper's fig. 2). */
export const MIXTURE_STD = { radial: 0.5, tangential: 0.1 };
/** Swiss roll: the spiral's angle runs over [1.5π, 4.5π] (scikit-learn's make_swiss_roll), its radius is angle/4. */
export const SWISS_ROLL_ANGLES: readonly [number, number] = [1.5 * Math.PI, 4.5 * Math.PI];
const SWISS_ROLL_SCALE = 0.25;
/** Swiss roll: isotropic Gaussian noise around the spiral. */
export const SWISS_ROLL_NOISE = 0.08;

export interface LatentPrior {
  kind: PriorKind;
  dim: number;
  /** Components a label can pick (mixture components, swiss-roll segments); 0 for the Gaussian. */
  components: number;
  /** Half-side of the square around 0 that holds nearly all the prior's mass in its first two dims. */
  extent: number;
  /**
   * `n` draws, row-major [n, dim]. With `components`, draw i comes from component components[i] (the supervised
   * AAE); without, from the whole prior.
   */
  sample(n: number, seed: number, components?: ArrayLike<number>): Float32Array;
}

/** The point of the swiss roll at position t ∈ [0, 1] along it. */
export function swissRollPoint(t: number): [number, number] {
  const angle = SWISS_ROLL_ANGLES[0] + t * (SWISS_ROLL_ANGLES[1] - SWISS_ROLL_ANGLES[0]);
  return [SWISS_ROLL_SCALE * angle * Math.cos(angle), SWISS_ROLL_SCALE * angle * Math.sin(angle)];
}

/** The component of draw i: the one asked for, or one drawn uniformly. */
function componentOf(i: number, rng: Rng, count: number, components?: ArrayLike<number>): number {
  if (!components) return rng.int(count);
  const k = components[i];
  if (!(k >= 0 && k < count)) throw new Error(`prior component ${k} is outside 0–${count - 1}`);
  return k;
}

function mixture(count: number): LatentPrior {
  return {
    kind: 'mixture', dim: 2, components: count, extent: MIXTURE_RADIUS + 3 * MIXTURE_STD.radial,
    sample(n, seed, components) {
      const rng = new Rng(seed);
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const angle = (2 * Math.PI * componentOf(i, rng, count, components)) / count;
        const radial = MIXTURE_RADIUS + MIXTURE_STD.radial * rng.normal();
        const across = MIXTURE_STD.tangential * rng.normal();
        out[2 * i] = radial * Math.cos(angle) - across * Math.sin(angle);
        out[2 * i + 1] = radial * Math.sin(angle) + across * Math.cos(angle);
      }
      return out;
    },
  };
}

/** Uniform along the roll; component k is the k-th of `count` equal segments of it. */
function swissRoll(count: number): LatentPrior {
  return {
    kind: 'swiss-roll', dim: 2, components: count, extent: SWISS_ROLL_SCALE * SWISS_ROLL_ANGLES[1] + 4 * SWISS_ROLL_NOISE,
    sample(n, seed, components) {
      const rng = new Rng(seed);
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const t = components ? (componentOf(i, rng, count, components) + rng.uniform()) / count : rng.uniform();
        const [x, y] = swissRollPoint(t);
        out[2 * i] = x + SWISS_ROLL_NOISE * rng.normal();
        out[2 * i + 1] = y + SWISS_ROLL_NOISE * rng.normal();
      }
      return out;
    },
  };
}

function gaussian(dim: number): LatentPrior {
  return {
    kind: 'gaussian', dim, components: 0, extent: 3,
    sample(n, seed, components) {
      if (components) throw new Error('the Gaussian prior has no components for a label to pick');
      return new Rng(seed).normalArray(n * dim);
    },
  };
}

/** The prior of `kind` in `dim` dimensions; the mixture and the swiss roll are 2-D, with `components` parts. */
export function makePrior(kind: PriorKind, dim: number, components: number): LatentPrior {
  if (kind === 'gaussian') return gaussian(dim);
  if (dim !== 2) throw new Error(`model.prior "${kind}" is 2-D: set model.latentDim to 2 (it is ${dim})`);
  return kind === 'mixture' ? mixture(components) : swissRoll(components);
}

/**
 * The prior's density in its first two dims as a `bins`×`bins` histogram of `draws` draws over [−extent, extent]²,
 * normalized to a density (per unit area): density[i][j] has x in bin i and y in bin j. A histogram works for every
 * prior alike, the swiss roll included, whose density has no simple closed form.
 */
export function priorDensity(prior: LatentPrior, bins: number, draws: number, seed: number): number[][] {
  const z = prior.sample(draws, seed);
  const side = (2 * prior.extent) / bins;
  const density = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  const binOf = (v: number) => Math.floor((v + prior.extent) / side);
  for (let n = 0; n < draws; n++) {
    const [i, j] = [binOf(z[n * prior.dim]), binOf(z[n * prior.dim + 1])];
    if (i >= 0 && i < bins && j >= 0 && j < bins) density[i][j] += 1 / (draws * side * side);
  }
  return density;
}
