import type { Rng } from '../util/rng';
import type { BetaBinomialModel } from './betaBinomial';
import { BetaSampler } from './draws';

/** Sees every point a chain visits, including a Gibbs sweep's intermediate ones (for the path view). */
export type MoveListener = (theta: Float64Array) => void;

/** One MCMC transition kernel over θ ∈ [0, 1]^K. */
export interface TransitionKernel {
  /** Advances θ in place by one iteration; returns whether a proposal was accepted (always true for Gibbs). */
  iterate(theta: Float64Array, rng: Rng, onMove?: MoveListener): boolean;
}

/**
 * Systematic-scan Gibbs: each iteration draws every coordinate in turn from its full conditional.
 * For independent coins that conditional is the coin's own Beta posterior.
 */
export class GibbsKernel implements TransitionKernel {
  private readonly conditionals: BetaSampler[];

  constructor(model: BetaBinomialModel) {
    this.conditionals = Array.from(model.posteriorAlpha, (a, k) => new BetaSampler(a, model.posteriorBeta[k]));
  }

  iterate(theta: Float64Array, rng: Rng, onMove?: MoveListener): boolean {
    const conditionals = this.conditionals;
    for (let k = 0; k < theta.length; k++) {
      theta[k] = conditionals[k].draw(rng);
      onMove?.(theta);
    }
    return true;
  }
}

/**
 * Random-walk Metropolis: propose θ' = θ + w·N(0, I) jointly and accept with probability
 * min(1, p(θ') / p(θ)). Proposals outside the unit cube have density 0 and are always rejected.
 */
export class MetropolisKernel implements TransitionKernel {
  private readonly proposal: Float64Array;

  constructor(private readonly model: BetaBinomialModel, private readonly width: number) {
    this.proposal = new Float64Array(model.dimension);
  }

  iterate(theta: Float64Array, rng: Rng, onMove?: MoveListener): boolean {
    const proposal = this.proposal;
    for (let k = 0; k < theta.length; k++) proposal[k] = theta[k] + this.width * rng.normal();
    const logRatio = this.model.logPosterior(proposal) - this.model.logPosterior(theta);
    const accepted = logRatio >= 0 || Math.log(rng.uniform()) < logRatio;
    if (accepted) theta.set(proposal);
    onMove?.(theta);
    return accepted;
  }
}
