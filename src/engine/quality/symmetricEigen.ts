/**
 * Eigendecomposition of a real symmetric matrix by cyclic Jacobi rotations, in float64: slow for big matrices
 * (O(n³) a sweep) but unconditionally stable and accurate to rounding, which FID's matrix square roots need and
 * 128×128 feature covariances afford (~0.1 s).
 */

const MAX_SWEEPS = 60;

export interface SymmetricEigen {
  /** Eigenvalues, unsorted. */
  values: Float64Array;
  /** Eigenvectors as columns: row-major n×n, column j belonging to values[j]. */
  vectors: Float64Array;
}

/** Sum of squares of the off-diagonal entries. */
function offDiagonal(a: Float64Array, n: number): number {
  let off = 0;
  for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * a[p * n + q] * a[p * n + q];
  return off;
}

/** A ← JᵀAJ and V ← VJ for the rotation J in the (p, q) plane that zeroes a[p][q]. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  // The smaller of the two angles that zero a[p][q] (|t| ≤ 1): the rotation that disturbs the rest least.
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p], akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k], aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  a[p * n + q] = a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p], vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Eigenvalues and eigenvectors of the symmetric n×n `matrix` (row-major; only its symmetry is assumed, not checked). */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a, n) > 1e-24 * scale; sweep++) {
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) if (a[p * n + q] !== 0) rotate(a, v, n, p, q);
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/**
 * The symmetric square root of a symmetric positive semi-definite matrix: V·diag(√λ)·Vᵀ, with eigenvalues that
 * rounding pushed slightly below zero taken as 0.
 */
export function sqrtPsd(matrix: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const roots = values.map((l) => Math.sqrt(Math.max(0, l)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i * n + k] * roots[k] * vectors[j * n + k];
      out[i * n + j] = out[j * n + i] = sum;
    }
  }
  return out;
}
