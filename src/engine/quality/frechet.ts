import { sqrtPsd, symmetricEigen } from './symmetricEigen';

/** A Gaussian fitted to feature vectors: mean and (unbiased, n − 1) covariance, in float64. */
export interface FeatureGaussian {
  dim: number;
  count: number;
  mean: Float64Array;
  /** Row-major dim × dim. */
  covariance: Float64Array;
}

/** The Gaussian of `count` feature vectors of length `dim` (row-major), as FID fits it (numpy's mean and cov). */
export function fitGaussian(features: ArrayLike<number>, count: number, dim: number): FeatureGaussian {
  if (count < 2) throw new Error(`a covariance needs at least 2 feature vectors, not ${count}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j] += features[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j] - mean[j];
    for (let j = 0; j < dim; j++) {
      const cj = centred[j];
      if (cj === 0) continue;
      for (let k = j; k < dim; k++) covariance[j * dim + k] += cj * centred[k];
    }
  }
  for (let j = 0; j < dim; j++) {
    for (let k = j; k < dim; k++) covariance[j * dim + k] = covariance[k * dim + j] = covariance[j * dim + k] / (count - 1);
  }
  return { dim, count, mean, covariance };
}

/** Row-major a·b of n×n matrices. */
function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += aik * b[k * n + j];
    }
  }
  return out;
}

/**
 * The Fréchet distance of two Gaussians, |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2(Σ₁^½ Σ₂ Σ₁^½)^½): FID when they are fitted to a
 * classifier's features of generated and of real images. The inner matrix is symmetric PSD, so both roots come from
 * symmetric eigendecompositions (no complex parts to discard, as scipy's sqrtm leaves). Lower is closer; 0 is equal.
 */
export function frechetDistance(a: FeatureGaussian, b: FeatureGaussian): number {
  const n = a.dim;
  if (b.dim !== n) throw new Error(`feature Gaussians of ${a.dim} and ${b.dim} dimensions`);
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < n; i++) {
    meanTerm += (a.mean[i] - b.mean[i]) ** 2;
    traces += a.covariance[i * n + i] + b.covariance[i * n + i];
  }
  const rootA = sqrtPsd(a.covariance, n);
  const inner = multiply(multiply(rootA, b.covariance, n), rootA, n);
  // Symmetric up to rounding: average it with its transpose so the eigensolver sees an exactly symmetric matrix.
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) inner[i * n + j] = inner[j * n + i] = (inner[i * n + j] + inner[j * n + i]) / 2;
  let traceRoot = 0;
  for (const l of symmetricEigen(inner, n).values) traceRoot += Math.sqrt(Math.max(0, l));
  return Math.max(0, meanTerm + traces - 2 * traceRoot);
}
