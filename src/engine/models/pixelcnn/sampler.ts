import type { Rng } from '../../util/rng';
import { causalMask } from './masks';
import type { ConvWeights, PixelCnnWeights } from './network';

/** Pixels that are given rather than sampled (completion): `values` raster order, `free[i]` 1 where pixel i is sampled. */
export interface GivenPixels {
  values: Float32Array;
  free: Uint8Array;
}

/** What ancestral sampling returns, [n, H·W] raster order: binary pixels, the probability each was drawn with, log p per image. */
export interface AncestralDraws {
  values: Float32Array;
  probabilities: Float32Array;
  logLikelihoods: Float64Array;
}

/** One kernel tap the mask keeps: the offset it reads at and where its [in, out] block starts in the kernel. */
interface Tap {
  dy: number;
  dx: number;
  start: number;
}

function keptTaps(conv: ConvWeights, type: 'A' | 'B', inChannels: number, outChannels: number): Tap[] {
  const mask = causalMask(conv.k, type);
  const centre = (conv.k - 1) / 2;
  const taps: Tap[] = [];
  mask.forEach((keep, t) => {
    if (keep) taps.push({ dy: Math.floor(t / conv.k) - centre, dx: (t % conv.k) - centre, start: t * inChannels * outChannels });
  });
  return taps;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** log(1 + eᶻ) without overflow: log σ(l) = −softplus(−l), log(1 − σ(l)) = −softplus(l). */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** acc[0..out) = bias + Σ_i input[i]·kernel[start + i·out + o] for `inputs` values of input from `from`; zeros skipped (ReLU outputs). */
function accumulate(acc: Float32Array, input: Float32Array, from: number, inputs: number, kernel: Float32Array, start: number): void {
  const out = acc.length;
  for (let i = 0; i < inputs; i++) {
    const v = input[from + i];
    if (v === 0) continue;
    const row = start + i * out;
    for (let o = 0; o < out; o++) acc[o] += v * kernel[row + o];
  }
}

/**
 * The network evaluated one pixel at a time, in raster order. Every masked conv reads only pixels at or before
 * its own in raster order (rows above, and left on its row; type A not even the pixel itself), so each layer's
 * features at a pixel can be computed once, as soon as the pixel before it is drawn: a whole image costs one
 * forward pass, not one pass per pixel. Plain arithmetic, like NADE's sampler: each step is too small for a device.
 */
class RasterNetwork {
  private readonly c: number;
  private readonly taps: Tap[][];
  /** relu(h_l) at every pixel, [H·W·C] per layer; the type-A layer's input is the image itself. */
  private readonly activations: Float32Array[];
  /** h_l at the current pixel, per layer (the residual stream). */
  private readonly stream: Float32Array[];
  private readonly headOut: Float32Array;

  constructor(private readonly w: PixelCnnWeights, private readonly height: number, private readonly width: number) {
    const c = (this.c = w.shape.channels);
    this.taps = w.masked.map((conv, l) => keptTaps(conv, l === 0 ? 'A' : 'B', l === 0 ? 1 : c, c));
    this.activations = w.masked.map(() => new Float32Array(height * width * c));
    this.stream = w.masked.map(() => new Float32Array(c));
    this.headOut = new Float32Array(c);
  }

  /** Sums conv `l`'s kept taps over `input` ([H·W·inputs]) around pixel (y, x) into `acc`, the image's edges zero-padded. */
  private conv(l: number, input: Float32Array, inputs: number, y: number, x: number, acc: Float32Array): void {
    acc.set(this.w.masked[l].bias);
    for (const tap of this.taps[l]) {
      const [yy, xx] = [y + tap.dy, x + tap.dx];
      if (yy < 0 || xx < 0 || xx >= this.width) continue;
      accumulate(acc, input, (yy * this.width + xx) * inputs, inputs, this.w.masked[l].kernel, tap.start);
    }
  }

  /** The logit of pixel (y, x) given `image` ([H·W], raster) at the pixels before it; every earlier pixel must have been visited. */
  logitAt(image: Float32Array, y: number, x: number): number {
    const c = this.c;
    const at = (y * this.width + x) * c;
    this.conv(0, image, 1, y, x, this.stream[0]);
    for (let l = 0; l < this.stream.length; l++) {
      if (l > 0) {
        this.conv(l, this.activations[l - 1], c, y, x, this.stream[l]);
        if (this.w.shape.residual) for (let o = 0; o < c; o++) this.stream[l][o] += this.stream[l - 1][o];
      }
      for (let o = 0; o < c; o++) this.activations[l][at + o] = Math.max(0, this.stream[l][o]);
    }
    this.headOut.set(this.w.head.bias);
    accumulate(this.headOut, this.activations[this.stream.length - 1], at, c, this.w.head.kernel, 0);
    let logit = this.w.out.bias[0];
    for (let o = 0; o < c; o++) logit += Math.max(0, this.headOut[o]) * this.w.out.kernel[o];
    return logit;
  }
}

/**
 * Ancestral sampling: x_1 ~ p(x_1), then x_2 ~ p(x_2 | x_1), … in raster order, `n` images of height × width.
 * With `given`, the pixels not marked free keep their values and only the free ones are drawn (from the exact
 * conditionals given everything before them).
 */
export function ancestralSamples(w: PixelCnnWeights, n: number, height: number, width: number, rng: Rng, given?: GivenPixels): AncestralDraws {
  const d = height * width;
  const net = new RasterNetwork(w, height, width);
  const draws: AncestralDraws = { values: new Float32Array(n * d), probabilities: new Float32Array(n * d), logLikelihoods: new Float64Array(n) };
  for (let s = 0; s < n; s++) {
    const image = draws.values.subarray(s * d, (s + 1) * d);
    for (let i = 0; i < d; i++) {
      const logit = net.logitAt(image, Math.floor(i / width), i % width);
      const prob = sigmoid(logit);
      const on = given && !given.free[i] ? given.values[i] > 0.5 : rng.uniform() < prob;
      draws.logLikelihoods[s] -= softplus(on ? -logit : logit);
      draws.probabilities[s * d + i] = prob;
      image[i] = on ? 1 : 0;
    }
  }
  return draws;
}
