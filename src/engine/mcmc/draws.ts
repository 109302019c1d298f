import type { Rng } from '../util/rng';

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000), its constants worked out once per shape: a Gibbs sweep
 * draws from the same few shapes millions of times. Shapes below 1 use the boost Γ(a) = Γ(a + 1)·U^(1/a).
 */
export class GammaSampler {
  private readonly d: number;
  private readonly c: number;
  /** 1/shape for the boost, or 0 when the shape is at least 1. */
  private readonly boost: number;

  constructor(shape: number) {
    if (!(shape > 0)) throw new Error(`Gamma shape must be positive, got ${shape}`);
    this.boost = shape < 1 ? 1 / shape : 0;
    const boosted = shape < 1 ? shape + 1 : shape;
    this.d = boosted - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  draw(rng: Rng): number {
    const { d, c } = this;
    let sample: number;
    for (;;) {
      const x = rng.normal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.uniform();
      const x2 = x * x;
      // Cheap squeeze first; the logarithms only for the few draws it does not settle.
      if (u < 1 - 0.0331 * x2 * x2 || (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v)))) {
        sample = d * v;
        break;
      }
    }
    if (this.boost === 0) return sample;
    let u = 0;
    while (u === 0) u = rng.uniform();
    return sample * Math.pow(u, this.boost);
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export class BetaSampler {
  private readonly x: GammaSampler;
  private readonly y: GammaSampler;

  constructor(a: number, b: number) {
    this.x = new GammaSampler(a);
    this.y = new GammaSampler(b);
  }

  draw(rng: Rng): number {
    const x = this.x.draw(rng);
    return x / (x + this.y.draw(rng));
  }
}
