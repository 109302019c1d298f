/**
 * Maximum mean discrepancy (Gretton et al. 2012): a two-sample statistic, the squared distance between
 * the kernel mean embeddings of two samples. With a characteristic kernel it is 0 exactly when the two
 * distributions are equal.
 */

/** Bandwidths σ of the default kernel: a sum of RBFs, so no single length scale has to fit every prior and scale. */
export const MMD_BANDWIDTHS: readonly number[] = [0.2, 0.5, 1, 2];

/** Points of dimension `dim`, row-major: point i is values[i·dim … (i+1)·dim). */
export interface PointSet {
  values: ArrayLike<number>;
  dim: number;
}

function count(set: PointSet): number {
  return Math.floor(set.values.length / set.dim);
}

/** k(a, b) = Σ_σ exp(−‖a − b‖² / (2σ²)) for point i of `a` and point j of `b`. */
function kernel(a: PointSet, i: number, b: PointSet, j: number, inverseTwoSigmaSquared: readonly number[]): number {
  let squared = 0;
  for (let d = 0; d < a.dim; d++) {
    const diff = a.values[i * a.dim + d] - b.values[j * b.dim + d];
    squared += diff * diff;
  }
  let k = 0;
  for (const c of inverseTwoSigmaSquared) k += Math.exp(-squared * c);
  return k;
}

/** Mean of k over the pairs of `a` × `b`; within one sample (`same`), over the pairs i ≠ j only. */
function meanKernel(a: PointSet, b: PointSet, same: boolean, inverseTwoSigmaSquared: readonly number[]): number {
  const [n, m] = [count(a), count(b)];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = same ? i + 1 : 0; j < m; j++) sum += kernel(a, i, b, j, inverseTwoSigmaSquared);
  }
  return same ? (2 * sum) / (n * (n - 1)) : sum / (n * m);
}

/**
 * The unbiased estimate of MMD² between samples x (n points) and y (m points):
 *   1/(n(n−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(m(m−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/(nm) Σ_{i,j} k(xᵢ, yⱼ),
 * with the Gaussian RBF kernel summed over `bandwidths`, k(a, b) = Σ_σ exp(−‖a − b‖² / (2σ²)).
 * Being unbiased it can dip slightly below 0 when the samples come from one distribution. O((n + m)²·dim).
 */
export function mmdSquared(x: PointSet, y: PointSet, bandwidths: readonly number[] = MMD_BANDWIDTHS): number {
  if (x.dim !== y.dim) throw new Error(`MMD of ${x.dim}-D and ${y.dim}-D points`);
  if (count(x) < 2 || count(y) < 2) throw new Error('MMD needs at least two points in each sample');
  if (bandwidths.length === 0 || bandwidths.some((s) => !(s > 0))) throw new Error('MMD bandwidths must be positive');
  const inverse = bandwidths.map((s) => 1 / (2 * s * s));
  return meanKernel(x, x, true, inverse) + meanKernel(y, y, true, inverse) - 2 * meanKernel(x, y, false, inverse);
}
