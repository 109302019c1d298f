import { strict as assert } from 'node:assert';
import { mmdSquared } from '../../src/engine/stats/mmd';
import { Rng } from '../../src/engine/util/rng';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} ≠ ${expected}`);

describe('MMD² (unbiased, sum of Gaussian RBF kernels)', () => {
  it('matches a hand-computed case: x = {0, 1}, y = {3, 5} in 1-D, σ = 1', () => {
    // k(a, b) = exp(−(a − b)²/2). Within x one pair at distance 1, within y one at distance 2; across, 3, 5, 2 and 4.
    const e = Math.exp;
    const expected = e(-0.5) + e(-2) - (2 / 4) * (e(-4.5) + e(-12.5) + e(-2) + e(-8));
    close(mmdSquared({ values: [0, 1], dim: 1 }, { values: [3, 5], dim: 1 }, [1]), expected);
  });

  it('sums the kernels over the bandwidths, in 2-D', () => {
    // x = {(0, 0), (1, 1)}, y = {(0, 1), (2, 0)}: squared distances within x 2, within y 5; across 1, 4, 1, 2.
    const k = (d2: number) => Math.exp(-d2 / 2) + Math.exp(-d2 / 8); // σ = 1 and σ = 2
    const expected = k(2) + k(5) - (2 / 4) * (k(1) + k(4) + k(1) + k(2));
    close(mmdSquared({ values: [0, 0, 1, 1], dim: 2 }, { values: [0, 1, 2, 0], dim: 2 }, [1, 2]), expected);
  });

  it('is symmetric, near 0 for two samples of one distribution and clearly positive for a shifted one', () => {
    const rng = new Rng(4);
    const draw = (shift: number) => ({ values: Array.from({ length: 400 }, (_, i) => rng.normal() + (i % 2 === 0 ? shift : 0)), dim: 2 });
    const [a, b, shifted] = [draw(0), draw(0), draw(1)];
    const same = mmdSquared(a, b);
    assert.ok(Math.abs(same) < 0.02, `same distribution: ${same}`);
    const apart = mmdSquared(a, shifted);
    assert.ok(apart > 10 * Math.abs(same) && apart > 0.1, `shifted by 1 in x: ${apart} vs ${same}`);
    close(mmdSquared(shifted, a), apart, 1e-9);
  });

  it('refuses mismatched dimensions, too few points and a non-positive bandwidth', () => {
    assert.throws(() => mmdSquared({ values: [0, 1], dim: 1 }, { values: [0, 1, 2, 3], dim: 2 }), /1-D and 2-D/);
    assert.throws(() => mmdSquared({ values: [0], dim: 1 }, { values: [0, 1], dim: 1 }), /at least two/);
    assert.throws(() => mmdSquared({ values: [0, 1], dim: 1 }, { values: [0, 1], dim: 1 }, [0]), /positive/);
  });
});
