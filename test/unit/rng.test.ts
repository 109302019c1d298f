import { strict as assert } from 'node:assert';
import { normalQuantile } from '../../src/engine/mcmc/special';
import { Rng } from '../../src/engine/util/rng';

describe('Rng.normal (ziggurat)', () => {
  const n = 1_000_000;
  const draws = (() => {
    const rng = new Rng(12345);
    return Float64Array.from({ length: n }, () => rng.normal());
  })();
  /** Binomial standard error of a frequency p over n draws. */
  const se = (p: number) => Math.sqrt((p * (1 - p)) / n);

  it('has the moments of N(0, 1)', () => {
    let [m1, m2, m3, m4] = [0, 0, 0, 0];
    for (const x of draws) {
      m1 += x;
      m2 += x * x;
      m3 += x * x * x;
      m4 += x * x * x * x;
    }
    [m1, m2, m3, m4] = [m1 / n, m2 / n, m3 / n, m4 / n];
    assert.ok(Math.abs(m1) < 0.005, `mean ${m1}`);
    assert.ok(Math.abs(m2 - 1) < 0.005, `variance ${m2}`);
    assert.ok(Math.abs(m3) < 0.02, `third moment ${m3}`);
    assert.ok(Math.abs(m4 - 3) < 0.05, `fourth moment ${m4}`);
  });

  it('puts the right share of draws below each quantile, far tails included', () => {
    // 0.00001, 0.0002 and their mirrors lie beyond the ziggurat's base layer (|x| > 3.44), where the tail method draws.
    for (const p of [0.00001, 0.0002, 0.001, 0.01, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.99, 0.999, 0.9998, 0.99999]) {
      const q = normalQuantile(p);
      let below = 0;
      for (const x of draws) if (x < q) below++;
      const share = below / n;
      assert.ok(Math.abs(share - p) < 5 * se(p), `P(x < ${q.toFixed(3)}) = ${share}, expected ${p}`);
    }
  });

  it('draws the tails beyond the base layer (|x| > 3.44) with the normal shape', () => {
    // Both tails pooled, for counts large enough to tell a wrong tail shape (P(|x| > 3.7) = 2.156e-4).
    const p = 2 * (1 - 0.999892200);
    const share = draws.filter((x) => Math.abs(x) > 3.7).length / n;
    assert.ok(Math.abs(share - p) < 5 * se(p), `P(|x| > 3.7) = ${share}, expected ${p}`);
  });

  it('draws successive values independently', () => {
    let lag1 = 0;
    for (let i = 1; i < n; i++) lag1 += draws[i] * draws[i - 1];
    assert.ok(Math.abs(lag1 / n) < 0.005, `lag-1 autocorrelation ${lag1 / n}`);
  });
});
