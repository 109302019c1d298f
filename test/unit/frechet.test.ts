import { strict as assert } from 'node:assert';
import { fitGaussian, frechetDistance, type FeatureGaussian } from '../../src/engine/quality/frechet';
import { sqrtPsd, symmetricEigen } from '../../src/engine/quality/symmetricEigen';
import { classCounts, classCoverage, classEntropy, conditionalAccuracy } from '../../src/engine/quality/classHistogram';
import { Rng } from '../../src/engine/util/rng';

const gaussian = (mean: number[], covariance: number[]): FeatureGaussian =>
  ({ dim: mean.length, count: 100, mean: Float64Array.from(mean), covariance: Float64Array.from(covariance) });

/** Row-major a·b of n×n matrices. */
function times(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const out = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] += a[i * n + k] * b[k * n + j];
  return out;
}

/** A random symmetric PSD n×n matrix BBᵀ of rank `rank`. */
function randomPsd(n: number, rank: number, seed: number): number[] {
  const b = new Rng(seed).normalArray(n * rank);
  const out = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < rank; k++) out[i * n + j] += b[i * rank + k] * b[j * rank + k];
  return out;
}

describe('Fréchet distance (FID\'s formula)', () => {
  it('fits the mean and the unbiased covariance, as numpy.cov does', () => {
    // (0,0), (2,0), (0,2), (2,4): mean (1, 1.5); var x = 4/3, var y = (2.25+2.25+0.25+6.25)/3 = 11/3, cov = (1.5−1.5−0.5+2.5)/3 = 2/3.
    const g = fitGaussian([0, 0, 2, 0, 0, 2, 2, 4], 4, 2);
    assert.deepEqual(Array.from(g.mean), [1, 1.5]);
    Array.from(g.covariance).forEach((v, i) => assert.ok(Math.abs(v - [4 / 3, 2 / 3, 2 / 3, 11 / 3][i]) < 1e-12, `cov[${i}] = ${v}`));
  });

  it('matches hand-computed cases: 1-D, and 2-D with covariances that do not commute', () => {
    // 1-D: (μ₁ − μ₂)² + σ₁² + σ₂² − 2σ₁σ₂ = 9 + 4 + 9 − 12.
    assert.ok(Math.abs(frechetDistance(gaussian([1], [4]), gaussian([4], [9])) - 10) < 1e-9);
    // Σ₁ = [[2,1],[1,2]], Σ₂ = diag(1, 4): tr(Σ₁Σ₂)^½ = tr √M with M = Σ₂^½Σ₁Σ₂^½ = [[2,2],[2,8]], and for a 2×2
    // PSD matrix tr √M = √(tr M + 2√det M) = √(10 + 2√12). Means (0,0) and (1,2) add 5.
    const expected = 5 + 4 + 5 - 2 * Math.sqrt(10 + 2 * Math.sqrt(12));
    const d = frechetDistance(gaussian([0, 0], [2, 1, 1, 2]), gaussian([1, 2], [1, 0, 0, 4]));
    assert.ok(Math.abs(d - expected) < 1e-9, `${d} vs ${expected}`);
    // Symmetric in its arguments, 0 for one Gaussian against itself (a rank-deficient one included).
    assert.ok(Math.abs(frechetDistance(gaussian([1, 2], [1, 0, 0, 4]), gaussian([0, 0], [2, 1, 1, 2])) - expected) < 1e-9);
    const singular = gaussian([0, 0, 0], randomPsd(3, 1, 5));
    assert.ok(frechetDistance(singular, singular) < 1e-9);
  });

  it('takes stable square roots: √A·√A = A for PSD matrices of full and of low rank, and A = VΛVᵀ', () => {
    for (const [n, rank] of [[6, 6], [12, 3], [40, 40]]) {
      const a = randomPsd(n, rank, n + rank);
      const root = sqrtPsd(a, n);
      const back = times(root, root, n);
      const scale = Math.max(...a.map(Math.abs));
      back.forEach((v, i) => assert.ok(Math.abs(v - a[i]) < 1e-9 * scale, `${n}×${n} rank ${rank}: [${i}] ${v} vs ${a[i]}`));
      const { values, vectors } = symmetricEigen(a, n);
      const rebuilt = times(vectors, Array.from({ length: n * n }, (_, i) => values[Math.floor(i / n)] * vectors[(i % n) * n + Math.floor(i / n)]), n);
      rebuilt.forEach((v, i) => assert.ok(Math.abs(v - a[i]) < 1e-9 * scale));
    }
  });
});

describe('class histogram of a generator\'s samples', () => {
  it('counts coverage and entropy: all classes equally, one class, and a stray sample that does not count', () => {
    const even = classCounts(Array.from({ length: 1000 }, (_, i) => i % 10), 10);
    assert.equal(classCoverage(even), 1);
    assert.ok(Math.abs(classEntropy(even) - Math.log(10)) < 1e-12);
    const collapsed = classCounts(new Array<number>(1000).fill(7), 10);
    assert.equal(classCoverage(collapsed), 0.1);
    assert.equal(classEntropy(collapsed), 0);
    // 999 sevens and one 3: the 3 is under 1% of the samples.
    assert.equal(classCoverage(classCounts([...new Array<number>(999).fill(7), 3], 10)), 0.1);
  });

  it('scores conditional accuracy against the requested classes', () => {
    assert.equal(conditionalAccuracy([1, 2, 3, 4], [1, 2, 0, 4]), 0.75);
    assert.throws(() => conditionalAccuracy([1, 2], [1]), /2 predictions for 1 requested/);
  });
});
