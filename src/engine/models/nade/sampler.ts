import type { Rng } from '../../util/rng';

/** A NADE's weights read back from the device, in the layouts of ./network.ts. */
export interface NadeWeights {
  hidden: number;
  pixels: number;
  /** [H, D−1] */
  w: Float32Array;
  /** [H] */
  c: Float32Array;
  /** [H, D] */
  v: Float32Array;
  /** [D] */
  b: Float32Array;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** log(1 + eᶻ) without overflow: log σ(l) = −softplus(−l), log(1 − σ(l)) = −softplus(l). */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Pixels that are given rather than sampled (completion): `values` in model order, `free[i]` 1 where pixel i is sampled. */
export interface GivenPixels {
  values: Float32Array;
  free: Uint8Array;
}

/**
 * Ancestral sampling: x_1 ~ p(x_1), then x_2 ~ p(x_2 | x_1), … one pixel at a time. Inherently D
 * sequential steps, each far too small for the device to pay off, so it runs in plain arithmetic:
 * the hidden state changes only when a pixel comes out 1, so σ is re-evaluated only then.
 * With `given`, the pixels not marked free keep their values and only the free ones are drawn (from
 * the exact conditionals given everything before them). Returns the binary samples and the
 * probability each pixel was drawn with, [n, D] in model order, and log p of each whole sample.
 */
export function ancestralSamples(p: NadeWeights, n: number, rng: Rng, given?: GivenPixels):
  { values: Float32Array; probabilities: Float32Array; logLikelihoods: Float64Array } {
  const { hidden: h, pixels: d } = p;
  // Pixel-major copies of V and W, so each step reads one contiguous row.
  const vt = new Float32Array(d * h);
  const wt = new Float32Array((d - 1) * h);
  for (let k = 0; k < h; k++) {
    for (let i = 0; i < d; i++) vt[i * h + k] = p.v[k * d + i];
    for (let i = 0; i < d - 1; i++) wt[i * h + k] = p.w[k * (d - 1) + i];
  }
  const values = new Float32Array(n * d);
  const probabilities = new Float32Array(n * d);
  const a = new Float64Array(h);
  const hv = new Float64Array(h);
  const logLikelihoods = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    a.set(p.c);
    for (let k = 0; k < h; k++) hv[k] = sigmoid(a[k]);
    for (let i = 0; i < d; i++) {
      let logit = p.b[i];
      for (let k = 0; k < h; k++) logit += hv[k] * vt[i * h + k];
      const prob = sigmoid(logit);
      const on = given && !given.free[i] ? given.values[i] > 0.5 : rng.uniform() < prob;
      logLikelihoods[s] -= softplus(on ? -logit : logit);
      probabilities[s * d + i] = prob;
      values[s * d + i] = on ? 1 : 0;
      if (on && i < d - 1) {
        for (let k = 0; k < h; k++) {
          a[k] += wt[i * h + k];
          hv[k] = sigmoid(a[k]);
        }
      }
    }
  }
  return { values, probabilities, logLikelihoods };
}
