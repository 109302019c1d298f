import type * as tf from '@tensorflow/tfjs-core';
import type { MetricValues } from '../../../shared/protocol';
import { BetaBinomialModel } from '../../mcmc/betaBinomial';
import { ChainSet, type ChainSetSnapshot } from '../../mcmc/chains';
import { summarize, type ParameterSummary } from '../../mcmc/diagnostics';
import { GibbsKernel, MetropolisKernel } from '../../mcmc/samplers';
import { deriveSeed, Rng } from '../../util/rng';
import type { DrawsTable, Artifact, GenerativeModel, ModelContext, ModelFactory, ModelState, StepPosition } from '../model';
import type { McmcConfig } from './config';
import { diagnosticsView, hist2dView, HDI_PROB, parameterName, pathView, posteriorView, traceView } from './views';

/**
 * MCMC on the Beta-Binomial coin model, run by the training loop: each step advances every chain by
 * one chunk, so progress streams; the chains' state and draws go into checkpoints, so a stopped run
 * resumes exactly. No tensors: the samplers are plain arithmetic on Float64Arrays.
 *
 * JSON artifacts (types in src/shared/protocol.ts):
 *  - `trace` (McmcTraceData): per chain, draws by iteration, thinned to ≤ 2,000 points, burn-in included
 *    ({ parameters, burnIn, iterations, chains: [{ iteration[], values[k][] }] }).
 *  - `path` (McmcPathData): per chain, the first 300 points visited in the (θ1, θ2) plane, start first;
 *    a Gibbs sweep contributes one point per coordinate update ({ parameters, chains: [[θ1, θ2][]] }).
 *  - `hist2d` (McmcHist2dData): post-burn-in draws binned 20×20 over [0, 1]²
 *    ({ parameters, bins, range, counts[i][j] with θ1 in bin i and θ2 in bin j, total }).
 *  - `posterior` (McmcPosteriorData): per coin, the draws' histogram as a density over 50 bins, the exact
 *    Beta(z + a, N − z + b) density on 200 grid points, both 94% HDIs and means.
 *  - `diagnostics` (McmcDiagnosticsData): ArviZ-summary rows (mean, sd, HDI, MCSE, bulk/tail ESS, R-hat,
 *    exact mean/sd) with `rhatOk`/`essOk` against the thresholds R-hat ≤ 1.01 and ESS ≥ 400.
 * `path` and `hist2d` need two coins and are left out for one. `sample` returns `samples`:
 * { parameters, draws: [θ1, …, θK][] }, drawn at random from the post-burn-in draws.
 */

const PATH_POINTS = 300;

/** Latin-hypercube starts: each coordinate spreads the chains over distinct fifths of (0, 1). */
function dispersedStarts(chains: number, dimension: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  const starts = Array.from({ length: chains }, () => new Float64Array(dimension));
  for (let k = 0; k < dimension; k++) {
    const order = rng.permutation(chains);
    for (let c = 0; c < chains; c++) starts[c][k] = 0.05 + (0.9 * (order[c] + 0.5)) / chains;
  }
  return starts;
}

class McmcModel implements GenerativeModel {
  readonly stepsPerEpoch: number;
  private readonly target: BetaBinomialModel;
  private readonly chains: ChainSet;
  private readonly iterationsPerStep: number;
  /** Summaries are costly (sorts, FFTs); evaluate and artifacts of one epoch share them. */
  private summaries: { iteration: number; values: ParameterSummary[] | null } | null = null;

  constructor(private readonly cfg: McmcConfig, ctx: ModelContext<McmcConfig>) {
    const training = ctx.config.training;
    this.stepsPerEpoch = training.stepsPerEpoch ?? 20;
    this.iterationsPerStep = Math.ceil(cfg.iterations / (training.epochs * this.stepsPerEpoch));
    this.target = new BetaBinomialModel(cfg.coins, cfg.prior.a, cfg.prior.b);
    const kernel = cfg.sampler === 'gibbs' ? new GibbsKernel(this.target) : new MetropolisKernel(this.target, cfg.proposalWidth);
    this.chains = new ChainSet({
      kernel,
      dimension: this.target.dimension,
      chains: cfg.chains,
      iterations: cfg.iterations,
      burnIn: Math.floor(cfg.burnIn * cfg.iterations),
      thin: cfg.thin,
      starts: dispersedStarts(cfg.chains, this.target.dimension, deriveSeed(training.seed, 0x57a7)),
      pathLength: PATH_POINTS,
    });
  }

  trainStep(_batch: unknown, at: StepPosition): Record<string, tf.Scalar | number> {
    const { iterations, accepted } = this.chains.advance((at.globalStep + 1) * this.iterationsPerStep, (c) => deriveSeed(at.seed, c));
    return iterations > 0 ? { acceptanceRate: accepted / (iterations * this.cfg.chains) } : {};
  }

  private summarize(): ParameterSummary[] | null {
    if (this.summaries?.iteration !== this.chains.iteration) {
      const values = Array.from({ length: this.target.dimension }, (_, k) => summarize(this.chains.parameterDraws(k), HDI_PROB));
      this.summaries = { iteration: this.chains.iteration, values: values.every((v) => v !== null) ? values as ParameterSummary[] : null };
    }
    return this.summaries.values;
  }

  async evaluate(): Promise<MetricValues> {
    const metrics: MetricValues = { iterations: this.chains.iteration, acceptanceRate: this.chains.acceptanceRate() };
    // Still in burn-in: nothing to estimate yet (and metrics must be finite).
    const summaries = this.summarize();
    if (!summaries) return metrics;
    summaries.forEach((s, k) => {
      const p = `theta${k + 1}`;
      Object.assign(metrics, {
        [`${p}Mean`]: s.mean, [`${p}Sd`]: s.sd, [`${p}McseMean`]: s.mcseMean,
        [`${p}Rhat`]: s.rhat, [`${p}EssBulk`]: s.essBulk, [`${p}EssTail`]: s.essTail,
      });
    });
    metrics.rhatMax = Math.max(...summaries.map((s) => s.rhat));
    metrics.essBulkMin = Math.min(...summaries.map((s) => s.essBulk));
    metrics.essTailMin = Math.min(...summaries.map((s) => s.essTail));
    return metrics;
  }

  async artifacts(): Promise<Artifact[]> {
    const out: Artifact[] = [{ name: 'trace', kind: 'json', data: traceView(this.chains) }];
    const path = pathView(this.chains);
    if (path) out.push({ name: 'path', kind: 'json', data: path });
    const summaries = this.summarize();
    if (!summaries) return out;
    const hist2d = hist2dView(this.chains);
    if (hist2d) out.push({ name: 'hist2d', kind: 'json', data: hist2d });
    out.push({ name: 'posterior', kind: 'json', data: posteriorView(this.chains, this.target, summaries) });
    out.push({ name: 'diagnostics', kind: 'json', data: diagnosticsView(this.chains, this.target, summaries, this.cfg.sampler) });
    return out;
  }

  async sample(n: number, seed: number): Promise<Artifact[]> {
    const d = this.target.dimension;
    const perParameter = Array.from({ length: d }, (_, k) => this.chains.parameterDraws(k));
    const perChain = perParameter[0][0]?.length ?? 0;
    if (perChain === 0) throw new Error('no draws past burn-in yet: train the run further first');
    const rng = new Rng(seed);
    const draws = Array.from({ length: n }, () => {
      const c = rng.int(this.cfg.chains);
      const i = rng.int(perChain);
      return perParameter.map((chains) => chains[c][i]);
    });
    return [{ name: 'samples', kind: 'json', data: { parameters: perParameter.map((_, k) => parameterName(k)), draws } }];
  }

  state(): ModelState {
    return {
      variables: {},
      optimizers: {},
      extra: () => this.chains.snapshot(),
      restoreExtra: (value) => this.chains.restore(value as ChainSetSnapshot),
    };
  }

  /** Every stored draw of every chain, burn-in included and flagged (iterations count from 1). */
  exportDraws(): DrawsTable {
    const { chains } = this;
    const parameters = Array.from({ length: chains.dimension }, (_, k) => parameterName(k));
    const rows: DrawsTable['rows'] = [];
    chains.draws.forEach((draws, chain) => {
      for (let j = 0; j < chains.stored; j++) {
        rows.push({ chain: chain + 1, iteration: chains.iterationOf(j) + 1, postBurnIn: j >= chains.keptStart,
          values: Array.from(draws.subarray(j * chains.dimension, (j + 1) * chains.dimension)) });
      }
    });
    return { parameters, rows };
  }

  dispose(): void {}
}

export const mcmcFactory: ModelFactory<McmcConfig> = {
  type: 'mcmc',
  create: (ctx) => new McmcModel(ctx.model, ctx),
};
