/**
 * Densities on a 1-D grid for the toy GAN's picture: the data mixture, a KDE of generator samples,
 * the optimal discriminator and the Jensen–Shannon divergence. Plain numbers, no tfjs.
 */

export interface GaussianComponent {
  mean: number;
  std: number;
  weight: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function normalPdf(x: number, mean: number, std: number): number {
  const u = (x - mean) / std;
  return Math.exp(-0.5 * u * u) / (std * SQRT_2PI);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function normalCdf(u: number): number {
  const z = Math.abs(u) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return u >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function totalWeight(mixture: GaussianComponent[]): number {
  return mixture.reduce((s, c) => s + c.weight, 0);
}

/** Density of the mixture (weights normalized to sum 1). */
export function mixturePdf(mixture: GaussianComponent[], x: number): number {
  const w = totalWeight(mixture);
  return mixture.reduce((s, c) => s + (c.weight / w) * normalPdf(x, c.mean, c.std), 0);
}

/** Probability the mixture puts on [a, b]. */
export function mixtureMass(mixture: GaussianComponent[], a: number, b: number): number {
  const w = totalWeight(mixture);
  return mixture.reduce((s, c) => s + (c.weight / w) * (normalCdf((b - c.mean) / c.std) - normalCdf((a - c.mean) / c.std)), 0);
}

/** `points` evenly spaced values from `min` to `max`, both included. */
export function linearGrid(min: number, max: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => min + ((max - min) * i) / (points - 1));
}

/** Silverman's rule of thumb: 0.9·min(sd, IQR/1.34)·n^(−1/5). */
export function silvermanBandwidth(samples: ArrayLike<number>): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const quantile = (q: number) => sorted[Math.min(n - 1, Math.floor(q * (n - 1)))];
  const iqr = quantile(0.75) - quantile(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * Math.max(spread, 1e-6) * n ** -0.2;
}

/** Gaussian kernel density estimate of `samples` at each grid point. */
export function kde(samples: ArrayLike<number>, grid: number[], bandwidth: number): number[] {
  const n = samples.length;
  // Beyond 8 bandwidths a kernel contributes < 1e-14 of its peak: skip it.
  const cutoff = 8 * bandwidth;
  return grid.map((x) => {
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const d = x - samples[j];
      if (d > -cutoff && d < cutoff) sum += Math.exp(-0.5 * (d / bandwidth) ** 2);
    }
    return sum / (n * bandwidth * SQRT_2PI);
  });
}

/** D*(x) = p_data / (p_data + p_g), the discriminator that is optimal for a fixed G; null where both vanish. */
export function optimalDiscriminator(pData: number[], pG: number[], floor = 1e-8): (number | null)[] {
  return pData.map((p, i) => (p + pG[i] > floor ? p / (p + pG[i]) : null));
}

/**
 * Jensen–Shannon divergence in nats between two discrete distributions (each summing to 1):
 * ½ KL(p‖m) + ½ KL(q‖m) with m = (p + q)/2. It lies in [0, log 2].
 */
export function jensenShannon(p: number[], q: number[]): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) js += 0.5 * p[i] * Math.log(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * Math.log(q[i] / m);
  }
  return Math.max(0, js);
}

/**
 * Densities on a uniform grid as probabilities of the grid's cells plus one last cell for the mass
 * outside the grid (`outside`, e.g. generator samples that fell beyond it), normalized to sum 1.
 */
export function cellProbabilities(density: number[], dx: number, outside: number): number[] {
  const cells = density.map((d) => d * dx);
  cells.push(Math.max(0, outside));
  const total = cells.reduce((a, b) => a + b, 0);
  return cells.map((c) => c / total);
}
