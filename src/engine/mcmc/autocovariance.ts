/**
 * Autocovariance of a chain at lags 0..n−1, biased (divided by n) as Stan and ArviZ compute it.
 * ESS estimation stops at the first lags where the autocorrelation dies out: a handful for a
 * well-mixed chain, some hundreds for a slow random walk. Direct sums (O(n) per lag) are used up to
 * the lag where the FFT (all lags at once, O(m log m) with m ≥ 2n) becomes cheaper.
 */
export class Autocovariance {
  private readonly centered: Float64Array;
  private all: Float64Array | null = null;
  private readonly direct: number[] = [];
  /** Lags summed directly before switching to the FFT: where their cost reaches the FFT's. */
  private readonly directLags: number;

  constructor(chain: Float64Array) {
    let mean = 0;
    for (let i = 0; i < chain.length; i++) mean += chain[i];
    mean /= chain.length;
    this.centered = new Float64Array(chain.length);
    for (let i = 0; i < chain.length; i++) this.centered[i] = chain[i] - mean;
    const m = fftLength(chain.length);
    // Two complex FFTs of length m cost about 2·5·m·log2(m) flops; a direct lag about 2n.
    this.directLags = Math.max(16, Math.ceil((5 * m * Math.log2(m)) / Math.max(1, chain.length)));
  }

  at(lag: number): number {
    const x = this.centered;
    const n = x.length;
    if (this.all) return this.all[lag];
    if (lag < this.directLags) {
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

/** All lags of a centered series via |FFT|² of the zero-padded series. */
/** The FFT length for n values: a power of two ≥ 2n, so the circular products do not wrap around. */
function fftLength(n: number): number {
  let m = 1;
  while (m < 2 * n) m <<= 1;
  return m;
}

function fftAutocovariance(x: Float64Array): Float64Array {
  const n = x.length;
  const m = fftLength(n);
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
