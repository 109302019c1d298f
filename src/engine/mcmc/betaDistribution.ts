import { lnBeta, regularizedIncompleteBeta } from './special';

/** The Beta(α, β) distribution: the exact posterior a sampler's draws are compared with. */
export class BetaDistribution {
  private readonly logNorm: number;

  constructor(readonly alpha: number, readonly beta: number) {
    if (!(alpha > 0 && beta > 0)) throw new Error(`Beta(${alpha}, ${beta}): both shapes must be positive`);
    this.logNorm = lnBeta(alpha, beta);
  }

  get mean(): number {
    return this.alpha / (this.alpha + this.beta);
  }

  get sd(): number {
    const s = this.alpha + this.beta;
    return Math.sqrt((this.alpha * this.beta) / (s * s * (s + 1)));
  }

  pdf(x: number): number {
    if (x < 0 || x > 1) return 0;
    // At the edges the density is 0, finite or infinite depending on the shape.
    if (x === 0) return this.alpha < 1 ? Infinity : this.alpha === 1 ? Math.exp(-this.logNorm) : 0;
    if (x === 1) return this.beta < 1 ? Infinity : this.beta === 1 ? Math.exp(-this.logNorm) : 0;
    return Math.exp((this.alpha - 1) * Math.log(x) + (this.beta - 1) * Math.log1p(-x) - this.logNorm);
  }

  cdf(x: number): number {
    return regularizedIncompleteBeta(x, this.alpha, this.beta);
  }

  /** The p-quantile, by bisection on the distribution function (monotone, so it cannot fail). */
  quantile(p: number): number {
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (this.cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /**
   * The highest-density interval holding `mass`: the shortest interval [Q(p), Q(p + mass)], found by a
   * golden-section search over the lower tail p (the width is unimodal in p for a unimodal density).
   */
  hdi(mass = 0.94): [number, number] {
    const width = (p: number) => this.quantile(p + mass) - this.quantile(p);
    const ratio = (Math.sqrt(5) - 1) / 2;
    let lo = 0;
    let hi = 1 - mass;
    let x1 = hi - ratio * (hi - lo);
    let x2 = lo + ratio * (hi - lo);
    let w1 = width(x1);
    let w2 = width(x2);
    while (hi - lo > 1e-10) {
      if (w1 < w2) {
        hi = x2;
        x2 = x1;
        w2 = w1;
        x1 = hi - ratio * (hi - lo);
        w1 = width(x1);
      } else {
        lo = x1;
        x1 = x2;
        w1 = w2;
        x2 = lo + ratio * (hi - lo);
        w2 = width(x2);
      }
    }
    const p = 0.5 * (lo + hi);
    return [this.quantile(p), this.quantile(p + mass)];
  }
}
