import { Autocovariance } from './autocovariance';
import { sortOrder } from './sortOrder';
import { normalQuantile } from './special';

/**
 * Convergence diagnostics as ArviZ and Stan compute them (Vehtari, Gelman, Simpson, Carpenter & Bürkner
 * 2021, "Rank-normalization, folding, and localization: an improved R-hat"). Every function takes one
 * parameter's draws as one array per chain, all of the same length.
 */

export type Chains = readonly Float64Array[];

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance (ddof = 1). */
function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

function flatten(chains: Chains): Float64Array {
  const out = new Float64Array(chains.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chains) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Applies f to every draw, keeping the chains (a plain loop: Float64Array.from with a map is slow). */
function mapChains(chains: Chains, f: (v: number) => number): Float64Array[] {
  return chains.map((c) => {
    const out = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = f(c[i]);
    return out;
  });
}

/** All chains' draws pooled: `sorted` ascending, and `order[r]` = the pooled index of the r-th smallest. */
interface Pooled {
  sorted: Float64Array;
  order: Uint32Array;
}

function pool(chains: Chains): Pooled {
  const flat = flatten(chains);
  const order = sortOrder(flat);
  const sorted = new Float64Array(flat.length);
  for (let r = 0; r < flat.length; r++) sorted[r] = flat[order[r]];
  return { sorted, order };
}

/** Each chain cut into its first and second half (the middle draw of an odd length is dropped). */
export function splitChains(chains: Chains): Float64Array[] {
  return chains.flatMap((c) => {
    const half = Math.floor(c.length / 2);
    return [c.subarray(0, half), c.subarray(c.length - half)];
  });
}

function quantileOfSorted(sorted: Float64Array, p: number): number {
  // NumPy's default (linear interpolation between order statistics).
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}


/**
 * Rank normalization: pooled ranks (ties get their average rank) mapped to normal scores
 * Φ⁻¹((r − 3/8) / (S + 1/4)), keeping the chain structure.
 */
export function rankNormalize(chains: Chains, pooled = pool(chains)): Float64Array[] {
  const { sorted, order } = pooled;
  const total = sorted.length;
  const z = new Float64Array(total);
  for (let first = 0; first < total;) {
    let end = first + 1;
    while (end < total && sorted[end] === sorted[first]) end++;
    // 1-based ranks first+1 … end share their average.
    const score = normalQuantile(((first + 1 + end) / 2 - 3 / 8) / (total + 1 / 4));
    for (let r = first; r < end; r++) z[order[r]] = score;
    first = end;
  }
  let at = 0;
  return chains.map((c) => {
    const out = z.subarray(at, at + c.length);
    at += c.length;
    return out;
  });
}

/** The classic potential scale reduction √(V̂ / W) of chains as given (no splitting or ranking). */
export function basicRhat(chains: Chains): number {
  const n = chains[0].length;
  const between = n * variance(chains.map(mean));
  const within = mean(chains.map(variance));
  return Math.sqrt((between / within + n - 1) / n);
}

/** Rank-normalized split R-hat: the larger of the bulk (ranks) and tail (ranks of |θ − median|) versions. */
export function rhat(chains: Chains): { rhat: number; bulk: number; tail: number } {
  const split = splitChains(chains);
  const pooled = pool(split);
  const bulk = basicRhat(rankNormalize(split, pooled));
  const tail = tailRhat(split, pooled.sorted);
  return { rhat: Math.max(bulk, tail), bulk, tail };
}

/** R-hat of the split chains folded about their median, |θ − median|: sensitive to differing spreads. */
function tailRhat(split: Chains, sorted: Float64Array): number {
  const med = quantileOfSorted(sorted, 0.5);
  return basicRhat(rankNormalize(mapChains(split, (v) => Math.abs(v - med))));
}

/**
 * Effective sample size of chains as given, from the multi-chain autocorrelation truncated by Geyer's
 * initial positive and initial monotone sequences (Stan's estimator, as in ArviZ's `_ess`).
 */
export function essBasic(chains: Chains): number {
  const m = chains.length;
  const n = chains[0].length;
  const all = flatten(chains);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // A constant parameter has no autocorrelation to speak of.
  if (hi - lo < 1e-15) return m * n;
  const acov = chains.map((c) => new Autocovariance(c));
  const meanAcov = (t: number) => acov.reduce((s, a) => s + a.at(t), 0) / m;
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(chains.map(mean));
  const rho = (t: number) => 1 - (meanVar - meanAcov(t)) / varPlus;

  const rhoHat = new Float64Array(n);
  let rhoEven = 1;
  let rhoOdd = rho(1);
  rhoHat[0] = rhoEven;
  rhoHat[1] = rhoOdd;
  // Initial positive sequence: sum pairs while they stay positive.
  let t = 1;
  while (t < n - 3 && rhoEven + rhoOdd > 0) {
    rhoEven = rho(t + 1);
    rhoOdd = rho(t + 2);
    if (rhoEven + rhoOdd >= 0) {
      rhoHat[t + 1] = rhoEven;
      rhoHat[t + 2] = rhoOdd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (rhoEven > 0) rhoHat[maxT + 1] = rhoEven;
  // Initial monotone sequence: pair sums may not grow.
  for (t = 1; t <= maxT - 2; t += 2) {
    if (rhoHat[t + 1] + rhoHat[t + 2] > rhoHat[t - 1] + rhoHat[t]) {
      rhoHat[t + 1] = (rhoHat[t - 1] + rhoHat[t]) / 2;
      rhoHat[t + 2] = rhoHat[t + 1];
    }
  }
  let sum = 0;
  for (let i = 0; i <= maxT; i++) sum += rhoHat[i];
  const total = m * n;
  let tau = -1 + 2 * sum + rhoHat[maxT + 1];
  // Caps ESS at S·log10(S) for antithetic chains.
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/** Bulk ESS: of the rank-normalized split chains. */
export function essBulk(chains: Chains): number {
  return essBasic(rankNormalize(splitChains(chains)));
}

/** ESS of the indicator θ ≤ q_p, i.e. for estimating the p-quantile. */
function essQuantile(chains: Chains, sorted: Float64Array, p: number): number {
  const q = quantileOfSorted(sorted, p);
  return essBasic(mapChains(splitChains(chains), (v) => (v <= q ? 1 : 0)));
}

/** Tail ESS: the smaller of the ESS for the 5% and 95% quantiles. */
export function essTail(chains: Chains, sorted = pool(chains).sorted): number {
  return Math.min(essQuantile(chains, sorted, 0.05), essQuantile(chains, sorted, 0.95));
}

/** ESS for the mean (split chains, no ranks): what the mean's Monte-Carlo error depends on. */
export function essMean(chains: Chains): number {
  return essBasic(splitChains(chains));
}

/** Monte-Carlo standard error of the posterior mean. */
export function mcseMean(chains: Chains): number {
  return Math.sqrt(variance(flatten(chains)) / essMean(chains));
}

/** Monte-Carlo standard error of the posterior sd, by the delta method on E[(θ − μ)²] (as ArviZ). */
export function mcseSd(chains: Chains): number {
  const mu = mean(flatten(chains));
  const squared = mapChains(chains, (v) => (v - mu) * (v - mu));
  const flat = flatten(squared);
  const ess = essMean(squared);
  const ev = mean(flat);
  let fourth = 0;
  for (let i = 0; i < flat.length; i++) fourth += flat[i] * flat[i];
  const varVar = (fourth / flat.length - ev * ev) / ess;
  return Math.sqrt(varVar / ev / 4);
}

/** Highest-density interval of pooled draws: the narrowest window holding `prob` of the sorted draws. */
export function hdi(chains: Chains, prob = 0.94, sorted = pool(chains).sorted): [number, number] {
  const n = sorted.length;
  const inside = Math.floor(prob * n);
  let best = 0;
  let bestWidth = Infinity;
  for (let i = 0; i + inside < n; i++) {
    const width = sorted[i + inside] - sorted[i];
    if (width < bestWidth) {
      bestWidth = width;
      best = i;
    }
  }
  return [sorted[best], sorted[best + inside]];
}

export interface ParameterSummary {
  mean: number;
  sd: number;
  hdi: [number, number];
  mcseMean: number;
  mcseSd: number;
  essBulk: number;
  essTail: number;
  rhat: number;
  rhatBulk: number;
  rhatTail: number;
}

/** The ArviZ `summary` row of one parameter; needs at least 4 draws per chain (2 per split half). */
export function summarize(chains: Chains, hdiProb = 0.94): ParameterSummary | null {
  if (chains.length === 0 || chains[0].length < 4) return null;
  // The same as the functions above, with the sorts and rank normalization done once.
  const pooled = pool(chains);
  const sorted = pooled.sorted;
  const split = splitChains(chains);
  // Split halves hold every draw (in the same pooled order) unless the chains have odd length.
  const pooledSplit = chains[0].length % 2 === 0 ? pooled : pool(split);
  const ranked = rankNormalize(split, pooledSplit);
  const rhatBulk = basicRhat(ranked);
  const rhatTail = tailRhat(split, pooledSplit.sorted);
  return {
    mean: mean(sorted),
    sd: Math.sqrt(variance(sorted)),
    hdi: hdi(chains, hdiProb, sorted),
    mcseMean: mcseMean(chains),
    mcseSd: mcseSd(chains),
    essBulk: essBasic(ranked),
    essTail: essTail(chains, sorted),
    rhat: Math.max(rhatBulk, rhatTail),
    rhatBulk,
    rhatTail,
  };
}
