import { strict as assert } from 'node:assert';
import { Autocovariance } from '../../src/engine/mcmc/autocovariance';
import { BetaDistribution } from '../../src/engine/mcmc/betaDistribution';
import { essBulk, essMean, essTail, hdi, mcseMean, rhat, summarize } from '../../src/engine/mcmc/diagnostics';
import { BetaSampler } from '../../src/engine/mcmc/draws';
import { lnGamma, normalQuantile, regularizedIncompleteBeta } from '../../src/engine/mcmc/special';
import { deriveSeed, Rng } from '../../src/engine/util/rng';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

function iidNormalChains(chains: number, n: number, seed: number, shift: (c: number) => number = () => 0): Float64Array[] {
  return Array.from({ length: chains }, (_, c) => {
    const rng = new Rng(deriveSeed(seed, c));
    return Float64Array.from({ length: n }, () => shift(c) + rng.normal());
  });
}

/** x_t = ρ x_{t−1} + √(1 − ρ²) ε_t, started from the stationary distribution. */
function ar1Chains(chains: number, n: number, rho: number, seed: number): Float64Array[] {
  return Array.from({ length: chains }, (_, c) => {
    const rng = new Rng(deriveSeed(seed, c));
    const out = new Float64Array(n);
    let x = rng.normal();
    const s = Math.sqrt(1 - rho * rho);
    for (let t = 0; t < n; t++) out[t] = x = rho * x + s * rng.normal();
    return out;
  });
}

describe('special functions', () => {
  it('ln Γ matches known values', () => {
    close(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13, 'lnΓ(1/2)');
    close(lnGamma(10), Math.log(362880), 1e-12, 'lnΓ(10)');
    close(lnGamma(1), 0, 1e-14, 'lnΓ(1)');
  });

  it('the regularized incomplete beta matches binomial tails and symmetries', () => {
    // For integer shapes I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a): I_0.3(2, 5) = 1 − 0.7⁶ − 6·0.3·0.7⁵.
    close(regularizedIncompleteBeta(0.3, 2, 5), 1 - 0.7 ** 6 - 6 * 0.3 * 0.7 ** 5, 1e-13, 'I_0.3(2,5)');
    close(regularizedIncompleteBeta(0.5, 7.5, 7.5), 0.5, 1e-13, 'symmetric at 1/2');
    close(regularizedIncompleteBeta(0.2, 3, 1), 0.2 ** 3, 1e-14, 'I_x(a,1) = x^a');
    close(regularizedIncompleteBeta(0.9, 3, 4) + regularizedIncompleteBeta(0.1, 4, 3), 1, 1e-13, 'reflection');
  });

  it('the normal quantile matches tabulated values', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-14, 'Φ⁻¹(0.975)');
    close(normalQuantile(0.5), 0, 0, 'Φ⁻¹(0.5)');
    close(normalQuantile(1e-10), -6.361340902404056, 1e-12, 'Φ⁻¹(1e−10)');
  });
});

describe('Beta distribution', () => {
  it('quantile inverts the distribution function', () => {
    const d = new BetaDistribution(8, 6);
    for (const x of [0.05, 0.3, 0.57, 0.9]) close(d.quantile(d.cdf(x)), x, 1e-12, `Q(F(${x}))`);
  });

  it('mean and sd are the closed forms (Beta(8, 5): 8/13, 0.1300)', () => {
    const d = new BetaDistribution(8, 5);
    close(d.mean, 8 / 13, 1e-15, 'mean');
    close(d.sd, Math.sqrt((8 * 5) / (13 * 13 * 14)), 1e-15, 'sd');
    close(d.sd, 0.13, 0.0005, 'sd ≈ 0.1300');
  });

  it('the HDI of a symmetric Beta is its equal-tailed interval', () => {
    const d = new BetaDistribution(5, 5);
    const [lo, hi] = d.hdi(0.94);
    close(lo, d.quantile(0.03), 1e-7, 'lower');
    close(hi, d.quantile(0.97), 1e-7, 'upper');
  });

  it('the HDI of a skewed Beta holds 94% with equal density at both ends', () => {
    const d = new BetaDistribution(8, 3);
    const [lo, hi] = d.hdi(0.94);
    close(d.cdf(hi) - d.cdf(lo), 0.94, 1e-9, 'mass');
    close(d.pdf(lo), d.pdf(hi), 1e-4, 'density at the ends');
    assert.ok(hi - lo < d.quantile(0.97) - d.quantile(0.03), 'narrower than the equal-tailed interval');
  });
});

describe('MCMC diagnostics', () => {
  it('R-hat ≈ 1 for independent draws', () => {
    const r = rhat(iidNormalChains(4, 2000, 1));
    assert.ok(r.rhat < 1.01, `R-hat ${r.rhat}`);
    assert.ok(r.rhat > 0.99, `R-hat ${r.rhat}`);
  });

  it('R-hat is clearly above 1.01 for chains stuck in different places', () => {
    const stuck = rhat(iidNormalChains(4, 2000, 2, (c) => (c === 3 ? 1.5 : 0)));
    assert.ok(stuck.bulk > 1.1, `bulk R-hat ${stuck.bulk}`);
    // Same location, different spread: only the tail (folded) version notices.
    const spread = iidNormalChains(4, 2000, 3).map((c, i) => (i === 3 ? c.map((v) => 3 * v) : c));
    const r = rhat(spread);
    assert.ok(r.tail > 1.01 && r.rhat === r.tail, `tail R-hat ${r.tail}, bulk ${r.bulk}`);
  });

  it('ESS of independent draws ≈ the number of draws', () => {
    const chains = iidNormalChains(4, 2500, 4);
    const n = 10000;
    for (const [name, ess] of [['bulk', essBulk(chains)], ['tail', essTail(chains)], ['mean', essMean(chains)]] as const) {
      assert.ok(Math.abs(ess / n - 1) < 0.12, `${name} ESS ${ess} for ${n} independent draws`);
    }
  });

  it('ESS of an AR(1) chain ≈ n(1 − ρ)/(1 + ρ)', () => {
    for (const rho of [0.5, 0.9]) {
      const chains = ar1Chains(4, 10000, rho, 5);
      const expected = (40000 * (1 - rho)) / (1 + rho);
      for (const [name, ess] of [['bulk', essBulk(chains)], ['mean', essMean(chains)]] as const) {
        assert.ok(Math.abs(ess / expected - 1) < 0.12, `ρ=${rho}: ${name} ESS ${ess}, expected ≈ ${expected}`);
      }
    }
  });

  it('autocovariance: the FFT used for long lags agrees with direct sums at every lag', () => {
    const [chain] = ar1Chains(1, 300, 0.95, 9);
    const mean = chain.reduce((a, b) => a + b) / chain.length;
    const acov = new Autocovariance(chain);
    // Asking for the last lag forces the FFT; every lag then comes from it.
    acov.at(chain.length - 1);
    for (let lag = 0; lag < chain.length; lag++) {
      let direct = 0;
      for (let i = 0; i + lag < chain.length; i++) direct += (chain[i] - mean) * (chain[i + lag] - mean);
      close(acov.at(lag), direct / chain.length, 1e-12, `lag ${lag}`);
    }
  });

  it('MCSE of the mean is sd/√ESS, ≈ 1/√n for independent standard normals', () => {
    close(mcseMean(iidNormalChains(4, 2500, 6)), 0.01, 0.0012, 'MCSE');
  });

  it('the HDI of Beta draws matches the analytic HDI from quantiles', () => {
    for (const [a, b] of [[5, 5], [8, 3]]) {
      const d = new BetaDistribution(a, b);
      const rng = new Rng(7);
      const sampler = new BetaSampler(a, b);
      const draws = [Float64Array.from({ length: 100000 }, () => sampler.draw(rng))];
      const [lo, hi] = hdi(draws, 0.94);
      const [eLo, eHi] = d.hdi(0.94);
      close(lo, eLo, 0.006, `Beta(${a},${b}) HDI lower`);
      close(hi, eHi, 0.006, `Beta(${a},${b}) HDI upper`);
    }
  });

  it('Beta draws with shapes below 1 (a Jeffreys prior, no heads) have the exact mean and sd', () => {
    const [a, b] = [0.5, 7.5];
    const exact = new BetaDistribution(a, b);
    const rng = new Rng(8);
    const sampler = new BetaSampler(a, b);
    const draws = Float64Array.from({ length: 200000 }, () => sampler.draw(rng));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1));
    close(mean, exact.mean, 0.001, 'mean');
    close(sd, exact.sd, 0.001, 'sd');
  });

  it('summarize needs at least four draws per chain', () => {
    assert.equal(summarize([new Float64Array(3), new Float64Array(3)]), null);
    const s = summarize(iidNormalChains(2, 100, 8));
    assert.ok(s !== null && Number.isFinite(s.essBulk) && s.hdi[0] < s.hdi[1]);
  });
});
