/**
 * Gibbs sampler speed on the two-coin model (Beta(3,3); 5/7 and 2/7), against the NumPy reference
 * ../shared/peers/gibbs_two_coins.py (beside the project root) when python3 with NumPy is there.
 * `npx tsx bench/gibbs.ts [--iters 100000] [--repeats 5] [--no-reference]`
 *
 * Units differ: an iteration here is a systematic sweep (every coin updated once), an iteration of
 * the reference updates one coin. Both are printed, and the ratio is taken per coin update.
 * Each figure is the best of `repeats` runs, which is what the machine can do when it is not busy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BetaBinomialModel } from '../src/engine/mcmc/betaBinomial';
import { ChainSet } from '../src/engine/mcmc/chains';
import { summarize } from '../src/engine/mcmc/diagnostics';
import { GibbsKernel } from '../src/engine/mcmc/samplers';
import { cpus } from 'node:os';
import { deriveSeed } from '../src/engine/util/rng';

const REFERENCE = join(__dirname, '..', '..', 'shared', 'peers', 'gibbs_two_coins.py');

const round = (v: number, digits = 3) => Number(v.toPrecision(digits));
const machine = () => `${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, Node ${process.version}`;

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Seconds for `chains` chains of `iterations` sweeps, and the finished chain set. */
function timeGibbs(chains: number, iterations: number, seed: number) {
  const model = new BetaBinomialModel([{ heads: 5, flips: 7 }, { heads: 2, flips: 7 }], 3, 3);
  const set = new ChainSet({
    kernel: new GibbsKernel(model), dimension: 2, chains, iterations, burnIn: Math.floor(0.1 * iterations), thin: 1,
    starts: Array.from({ length: chains }, (_, c) => Float64Array.from([0.2 + 0.1 * c, 0.5])), pathLength: 300,
  });
  const t0 = performance.now();
  set.advance(iterations, (c) => deriveSeed(seed, c));
  return { seconds: (performance.now() - t0) / 1000, set, model };
}

function reference(iterations: number): { iters_per_s: number; mean: number[]; sd: number[] } | null {
  if (!existsSync(REFERENCE)) return null;
  const run = spawnSync('python3', [REFERENCE, '--iters', String(iterations)], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`reference skipped: ${run.stderr.trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop()!);
}

function main() {
  const iterations = argument('--iters', 100000);
  const repeats = argument('--repeats', 5);
  console.log(JSON.stringify({ bench: 'gibbs-two-coins', machine: machine(), date: new Date().toISOString() }));
  for (const chains of [1, 4]) {
    const runs = Array.from({ length: repeats }, (_, r) => timeGibbs(chains, iterations, r));
    const best = Math.min(...runs.map((r) => r.seconds));
    const { set, model } = runs[0];
    const posterior = [0, 1].map((k) => {
      const s = summarize(set.parameterDraws(k))!;
      const exact = model.exactPosterior(k);
      return { mean: round(s.mean, 5), sd: round(s.sd, 4), rhat: round(s.rhat, 4), essBulk: Math.round(s.essBulk),
        exactMean: round(exact.mean, 5), exactSd: round(exact.sd, 4) };
    });
    console.log(JSON.stringify({ sampler: 'genlab', chains, iterationsPerChain: iterations, seconds: round(best),
      sweepsPerSecond: round((chains * iterations) / best), coinUpdatesPerSecond: round((2 * chains * iterations) / best), posterior }));
  }
  if (process.argv.includes('--no-reference')) return;
  const refs = Array.from({ length: repeats }, () => reference(iterations)).filter((r) => r !== null);
  if (refs.length === 0) return;
  const bestRef = refs.reduce((a, b) => (a.iters_per_s > b.iters_per_s ? a : b));
  const ours = Math.min(...Array.from({ length: repeats }, (_, r) => timeGibbs(1, iterations, 100 + r).seconds));
  const oursUpdates = (2 * iterations) / ours;
  console.log(JSON.stringify({ sampler: 'numpy-reference', coinUpdatesPerSecond: round(bestRef.iters_per_s), mean: bestRef.mean, sd: bestRef.sd,
    genlabOverNumpy: round(oursUpdates / bestRef.iters_per_s) }));
}

main();
