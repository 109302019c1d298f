/**
 * Autocovariance of a chain at lags 0..n−1, biased (divided by n) as Stan and ArviZ compute it.
 * Well-mixed chains need only a handful of lags, which direct sums give cheaply; once more are asked
 * for, all lags are computed at once by FFT (O(n log n) instead of O(n) per lag).
 */
export class Autocovariance {
  private readonly centered: Float64Array;
  private all: Float64Array | null = null;
  private readonly direct: number[] = [];

  /** Lags summed directly before switching to the FFT. */
  static readonly DIRECT_LAGS = 16;

  constructor(chain: Float64Array) {
    let mean = 0;
    for (let i = 0; i < chain.length; i++) mean += chain[i];
    mean /= chain.length;
    this.centered = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) this.centered[i] = chain[i] - mean;
  }

  at(lag: number): number {
    const x = this.centered;
    const n = x.length;
    if (this.all) return this.all[lag];
    if (lag < Autocovariance.DIRECT_LAGS) {
      if (this.direct[lag] === undefined) {
        let s = 0;
        for (let i = 0; i + lag < n; i++) s += x[i] * x[i + lag];
        this.direct[lag] = s / n;
      }
      return this.direct[lag];
    }
    this.all = fftAutocovariance(x);
    return this.all[lag];
  }
}

/** All lags of a centered series via |FFT|² of the zero-padded series (padding ≥ 2n avoids wrap-around). */
function fftAutocovariance(x: Float64Array): Float64Array {
  const n = x.length;
  let m = 1;
  while (m < 2 * n) m <<= 1;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  re.set(x);
  fft(re, im, false);
  for (let i = 0; i < m; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft(re, im, true);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = re[i] / m / n;
  return out;
}

/** In-place iterative radix-2 complex FFT (length a power of two); `inverse` leaves out the 1/m factor. */
export function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const m = re.length;
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= m; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wRe = Math.cos(angle);
    const wIm = Math.sin(angle);
    const half = len >> 1;
    for (let start = 0; start < m; start += len) {
      let cRe = 1;
      let cIm = 0;
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const tRe = re[b] * cRe - im[b] * cIm;
        const tIm = re[b] * cIm + im[b] * cRe;
        re[b] = re[a] - tRe;
        im[b] = im[a] - tIm;
        re[a] += tRe;
        im[a] += tIm;
        const nRe = cRe * wRe - cIm * wIm;
        cIm = cRe * wIm + cIm * wRe;
        cRe = nRe;
      }
    }
  }
}
