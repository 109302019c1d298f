import type {
  McmcDiagnosticsData, McmcHist2dData, McmcPathData, McmcPosteriorData, McmcTraceData,
} from '../../../shared/protocol';
import type { BetaBinomialModel } from '../../mcmc/betaBinomial';
import type { ChainSet } from '../../mcmc/chains';
import type { ParameterSummary } from '../../mcmc/diagnostics';

/** The panel's data for the MCMC views, built from the chains and their summaries. */

export const HDI_PROB = 0.94;
export const RHAT_LIMIT = 1.01;
export const ESS_LIMIT = 400;
const TRACE_POINTS = 2000;
const HIST2D_BINS = 20;
const HISTOGRAM_BINS = 50;
const DENSITY_GRID = 200;

export const parameterName = (k: number) => `θ${k + 1}`;

/** Five decimals: far below what a plot resolves, and a third of the JSON of full doubles. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

export function traceView(chains: ChainSet): McmcTraceData {
  const stride = Math.max(1, Math.ceil(chains.stored / TRACE_POINTS));
  const d = chains.dimension;
  return {
    parameters: Array.from({ length: d }, (_, k) => parameterName(k)),
    burnIn: chains.options.burnIn,
    iterations: chains.iteration,
    chains: chains.draws.map((draws) => {
      const iteration: number[] = [];
      const values: number[][] = Array.from({ length: d }, () => []);
      for (let i = stride - 1; i < chains.stored; i += stride) {
        iteration.push(chains.iterationOf(i));
        for (let k = 0; k < d; k++) values[k].push(round5(draws[i * d + k]));
      }
      return { iteration, values };
    }),
  };
}

/** The first two parameters' path; the view needs a plane, so it exists only for two or more coins. */
export function pathView(chains: ChainSet): McmcPathData | null {
  const d = chains.dimension;
  if (d < 2) return null;
  return {
    parameters: [parameterName(0), parameterName(1)],
    chains: chains.paths.map((path) => {
      const points: [number, number][] = [];
      for (let i = 0; i + d <= path.length; i += d) points.push([round5(path[i]), round5(path[i + 1])]);
      return points;
    }),
  };
}

export function hist2dView(chains: ChainSet): McmcHist2dData | null {
  if (chains.dimension < 2) return null;
  const bin = (v: number) => Math.min(HIST2D_BINS - 1, Math.max(0, Math.floor(v * HIST2D_BINS)));
  const counts = Array.from({ length: HIST2D_BINS }, () => new Array<number>(HIST2D_BINS).fill(0));
  const [first, second] = [chains.parameterDraws(0), chains.parameterDraws(1)];
  let total = 0;
  first.forEach((xs, c) => {
    const ys = second[c];
    for (let i = 0; i < xs.length; i++) counts[bin(xs[i])][bin(ys[i])]++;
    total += xs.length;
  });
  return { parameters: [parameterName(0), parameterName(1)], bins: HIST2D_BINS, range: [[0, 1], [0, 1]], counts, total };
}

export function posteriorView(chains: ChainSet, model: BetaBinomialModel, summaries: ParameterSummary[]): McmcPosteriorData {
  return {
    hdiProb: HDI_PROB,
    parameters: summaries.map((s, k) => {
      const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
      let n = 0;
      for (const draws of chains.parameterDraws(k)) {
        for (const v of draws) counts[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(v * HISTOGRAM_BINS)))]++;
        n += draws.length;
      }
      const exact = model.exactPosterior(k);
      // Cell centres: the density can be infinite at 0 or 1 when a shape is below 1.
      const x = Array.from({ length: DENSITY_GRID }, (_, i) => (i + 0.5) / DENSITY_GRID);
      return {
        name: parameterName(k),
        mean: s.mean,
        sd: s.sd,
        hdi: s.hdi,
        histogram: {
          edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i / HISTOGRAM_BINS),
          density: counts.map((c) => (c * HISTOGRAM_BINS) / Math.max(1, n)),
        },
        exact: {
          alpha: exact.alpha, beta: exact.beta, mean: exact.mean, sd: exact.sd, hdi: exact.hdi(HDI_PROB),
          x, density: x.map((v) => exact.pdf(v)),
        },
      };
    }),
  };
}

export function diagnosticsView(
  chains: ChainSet, model: BetaBinomialModel, summaries: ParameterSummary[], sampler: McmcDiagnosticsData['sampler'],
): McmcDiagnosticsData {
  return {
    sampler,
    chains: chains.draws.length,
    drawsPerChain: Math.max(0, chains.stored - chains.keptStart),
    acceptanceRate: chains.acceptanceRate(),
    thresholds: { rhat: RHAT_LIMIT, ess: ESS_LIMIT },
    rows: summaries.map((s, k) => {
      const exact = model.exactPosterior(k);
      return {
        parameter: parameterName(k),
        mean: s.mean, sd: s.sd, hdiLow: s.hdi[0], hdiHigh: s.hdi[1], mcseMean: s.mcseMean, mcseSd: s.mcseSd,
        essBulk: s.essBulk, essTail: s.essTail, rhat: s.rhat, exactMean: exact.mean, exactSd: exact.sd,
        rhatOk: s.rhat <= RHAT_LIMIT,
        essOk: Math.min(s.essBulk, s.essTail) >= ESS_LIMIT,
      };
    }),
  };
}
