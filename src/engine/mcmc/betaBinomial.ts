import { BetaDistribution } from './betaDistribution';

/** One coin's data: `heads` (z) in `flips` (N). */
export interface CoinData {
  heads: number;
  flips: number;
}

/**
 * K independent coins with biases θ_k ~ Beta(a, b) and z_k heads in N_k flips. The posterior factorizes
 * into Beta(z_k + a, N_k − z_k + b), which is what the samplers' draws are checked against.
 */
export class BetaBinomialModel {
  /** Posterior shape parameters per coin: the full conditionals (independent of the other coins here). */
  readonly posteriorAlpha: Float64Array;
  readonly posteriorBeta: Float64Array;

  constructor(readonly coins: readonly CoinData[], readonly priorA: number, readonly priorB: number) {
    for (const c of coins) {
      if (!(Number.isInteger(c.heads) && Number.isInteger(c.flips) && c.heads >= 0 && c.heads <= c.flips)) {
        throw new Error(`coin data ${c.heads}/${c.flips}: heads must be an integer in 0..flips`);
      }
    }
    this.posteriorAlpha = Float64Array.from(coins, (c) => c.heads + priorA);
    this.posteriorBeta = Float64Array.from(coins, (c) => c.flips - c.heads + priorB);
  }

  get dimension(): number {
    return this.coins.length;
  }

  /** Unnormalized log posterior density at θ; −∞ outside the unit cube. */
  logPosterior(theta: Float64Array): number {
    let sum = 0;
    for (let k = 0; k < theta.length; k++) {
      const t = theta[k];
      if (!(t > 0 && t < 1)) return -Infinity;
      sum += (this.posteriorAlpha[k] - 1) * Math.log(t) + (this.posteriorBeta[k] - 1) * Math.log1p(-t);
    }
    return sum;
  }

  /** The exact marginal posterior of coin k. */
  exactPosterior(k: number): BetaDistribution {
    return new BetaDistribution(this.posteriorAlpha[k], this.posteriorBeta[k]);
  }
}
