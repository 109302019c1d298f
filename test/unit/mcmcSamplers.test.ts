import { strict as assert } from 'node:assert';
import { BetaBinomialModel } from '../../src/engine/mcmc/betaBinomial';
import { ChainSet } from '../../src/engine/mcmc/chains';
import { rhat, summarize } from '../../src/engine/mcmc/diagnostics';
import { GibbsKernel, MetropolisKernel, type TransitionKernel } from '../../src/engine/mcmc/samplers';
import { deriveSeed } from '../../src/engine/util/rng';

// The blog's example: Beta(3, 3) priors, coin 1 shows 5 heads in 7, coin 2 shows 2 in 7.
const twoCoins = () => new BetaBinomialModel([{ heads: 5, flips: 7 }, { heads: 2, flips: 7 }], 3, 3);
const starts = [[0.1, 0.9], [0.9, 0.1], [0.3, 0.7], [0.7, 0.3]].map((s) => Float64Array.from(s));

function chainSet(kernel: TransitionKernel, iterations: number, thin = 1): ChainSet {
  return new ChainSet({ kernel, dimension: 2, chains: 4, iterations, burnIn: Math.floor(0.1 * iterations), thin,
    starts, pathLength: 300 });
}

describe('MCMC samplers on the two-coin model', () => {
  it('Gibbs matches the exact posterior: means 8/13 and 5/13, sds 0.1300, R-hat < 1.01', () => {
    const model = twoCoins();
    const chains = chainSet(new GibbsKernel(model), 100000);
    chains.advance(100000, (c) => deriveSeed(11, c));
    for (let k = 0; k < 2; k++) {
      const s = summarize(chains.parameterDraws(k))!;
      const exact = model.exactPosterior(k);
      assert.ok(Math.abs(s.mean - exact.mean) < 0.005, `θ${k + 1} mean ${s.mean} vs ${exact.mean}`);
      assert.ok(Math.abs(s.sd - exact.sd) < 0.005, `θ${k + 1} sd ${s.sd} vs ${exact.sd}`);
      assert.ok(s.rhat < 1.01, `θ${k + 1} R-hat ${s.rhat}`);
    }
    assert.ok(Math.abs(model.exactPosterior(0).mean - 8 / 13) < 1e-15 && Math.abs(model.exactPosterior(1).mean - 5 / 13) < 1e-15);
    assert.ok(Math.abs(model.exactPosterior(0).sd - 0.13) < 0.0005);
  });

  it('Gibbs paths move one axis at a time', () => {
    const chains = chainSet(new GibbsKernel(twoCoins()), 1000);
    chains.advance(1000, (c) => deriveSeed(12, c));
    const path = chains.paths[0];
    assert.equal(path.length, 600, '300 points of 2 coordinates');
    for (let i = 2; i < path.length; i += 2) {
      const moved = Number(path[i] !== path[i - 2]) + Number(path[i + 1] !== path[i - 1]);
      assert.equal(moved, 1, `step ${i / 2} moved ${moved} coordinates`);
    }
  });

  it('Metropolis with a sensible width converges and reports its acceptance rate', () => {
    const model = twoCoins();
    const chains = chainSet(new MetropolisKernel(model, 0.2), 20000);
    chains.advance(20000, (c) => deriveSeed(13, c));
    const rate = chains.acceptanceRate();
    assert.ok(rate > 0.3 && rate < 0.8, `acceptance ${rate}`);
    const s = summarize(chains.parameterDraws(0))!;
    assert.ok(Math.abs(s.mean - 8 / 13) < 0.01 && s.rhat < 1.01, `mean ${s.mean}, R-hat ${s.rhat}`);
    assert.ok(s.essBulk < 0.5 * 4 * 18000, `correlated draws: ESS ${s.essBulk} is well below the draw count`);
  });

  it('Metropolis with a tiny width has not mixed after 2,000 iterations: R-hat flags it', () => {
    const chains = chainSet(new MetropolisKernel(twoCoins(), 0.002), 2000);
    chains.advance(2000, (c) => deriveSeed(14, c));
    assert.ok(chains.acceptanceRate() > 0.95, `acceptance ${chains.acceptanceRate()}`);
    const r = rhat(chains.parameterDraws(0)).rhat;
    assert.ok(r > 1.1, `R-hat ${r}`);
  });

  it('burn-in and thinning keep the right draws', () => {
    const chains = chainSet(new GibbsKernel(twoCoins()), 1000, 7);
    chains.advance(1000, (c) => deriveSeed(15, c));
    assert.equal(chains.stored, 142);
    // Burn-in is 100 iterations: the first kept draw is iteration 104 (the 15th stored, index 14).
    assert.equal(chains.keptStart, 14);
    assert.equal(chains.iterationOf(chains.keptStart), 104);
    assert.equal(chains.iterationOf(chains.keptStart - 1), 97);
    assert.equal(chains.parameterDraws(0)[0].length, 142 - 14);
  });

  it('a chain set resumed from a snapshot continues exactly', () => {
    const seedOf = (chunk: number) => (c: number) => deriveSeed(16, chunk, c);
    const whole = chainSet(new MetropolisKernel(twoCoins(), 0.2), 3000, 2);
    whole.advance(1000, seedOf(0));
    whole.advance(3000, seedOf(1));
    const first = chainSet(new MetropolisKernel(twoCoins(), 0.2), 3000, 2);
    first.advance(1000, seedOf(0));
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = chainSet(new MetropolisKernel(twoCoins(), 0.2), 3000, 2);
    resumed.restore(snapshot);
    resumed.advance(3000, seedOf(1));
    assert.deepEqual(resumed.draws, whole.draws);
    assert.deepEqual(resumed.paths, whole.paths);
    assert.deepEqual(resumed.accepted, whole.accepted);
  });
});
