import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { formatValue } from '../../shared/format';
import { parseTrainerEvent, type SweepFile } from '../../shared/protocol';
import type { GenlabConfig } from '../config/schema';
import { CONTROLLED_FLAG } from '../../shared/trainerControl';
import { threadShare } from '../backend/threadPolicy';
import { stopTrainer } from '../runs/stopTrainer';
import { writeJsonAtomic } from '../util/atomicFile';
import { InputError } from '../train/errors';
import { refreshSweepFile, trialRuns, trialStatus } from './sweepFolder';
import { planSweep, type PreparedTrial, type SweepPlan } from './trials';

export interface SweepOptions {
  configPath: string;
  overrides?: string[];
  /** The sweep folder (default: `<output.dir>/<name>-sweep`). */
  outDir?: string;
  /** Trials that train at once; beats the config's sweep.parallel. */
  parallel?: number;
  /** Run exactly this trial (what each task of a cluster array does). */
  trial?: number;
  /** One human line of progress. */
  log: (line: string) => void;
  /** Aborting stops the running trials (each checkpoints) and starts no more. */
  signal?: AbortSignal;
}

export interface SweepOutcome {
  dir: string;
  file: SweepFile;
  /** Whether every trial this process was asked to run finished as done. */
  allDone: boolean;
  stopped: boolean;
}

/** The sweep folder for a config: `--out`, else `<output.dir>/<config name>-sweep`. */
export function sweepFolder(base: GenlabConfig, outDir?: string): string {
  return resolve(outDir ?? join(base.output.dir, `${base.name}-sweep`));
}

/** The trainer command for a trial: a new run from its config, or the resumption of its unfinished run. */
function trainArgs(sweepDir: string, trial: PreparedTrial, runDir: string | undefined): string[] {
  if (runDir) return ['train', '--resume', runDir, '--json'];
  return ['train', join(sweepDir, 'trials', `trial-${String(trial.index).padStart(3, '0')}.json`), '--out', sweepDir, '--json'];
}

/** Trains one trial in a child `genlab train`; resolves with its exit code. Progress lines go to `log`. */
function runTrial(sweepDir: string, plan: SweepPlan, trial: PreparedTrial, runDir: string | undefined, cores: number,
  log: (line: string) => void, signal?: AbortSignal): Promise<number> {
  const label = `trial ${trial.index}`;
  log(`${label}: ${runDir ? 'resuming' : 'starting'} (${Object.entries(trial.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')})`);
  // The same Node and CLI entry this process runs (dist/cli.js, or the sources under tsx in tests). Controlled over
  // stdin: a stop line checkpoints it on every OS, and it stops too if this process dies. Its share of the cores:
  // trials that train at once must not put two thread pools on one core.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...trainArgs(sweepDir, trial, runDir), CONTROLLED_FLAG],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GENLAB_THREAD_SHARE: String(cores) } });
  const stop = () => stopTrainer(child);
  signal?.addEventListener('abort', stop, { once: true });
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const event of lines.map(parseTrainerEvent)) {
      if (event?.type === 'epoch') {
        const value = event.metrics[plan.metric];
        log(`${label}: epoch ${event.epoch}/${trial.config.training.epochs}${value !== undefined ? ` ${plan.metric} ${formatValue(value)}` : ''}`);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolvePromise) => child.on('close', (code) => {
    signal?.removeEventListener('abort', stop);
    if (code !== 0 && code !== 130 && stderr.trim()) log(`${label}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    resolvePromise(code ?? 1);
  }));
}

function bestLine(file: SweepFile): string {
  return file.best ? `best so far: trial ${file.best.index}, ${file.metric} ${formatValue(file.best.value)}` : 'no finished trial yet';
}

/** Which trials this process runs: one (`--trial`), or every trial not done yet. */
function selectTrials(plan: SweepPlan, sweepDir: string, name: string, trial?: number): PreparedTrial[] {
  if (trial !== undefined) {
    const chosen = plan.trials[trial];
    if (!chosen) throw new InputError(`--trial ${trial}: the sweep has trials 0–${plan.trials.length - 1}`);
    return [chosen];
  }
  const runs = trialRuns(sweepDir, name);
  return plan.trials.filter((t) => trialStatus(runs.get(t.index)) !== 'done');
}

/**
 * Runs a sweep: every trial as an ordinary run in the sweep folder, `parallel` at a time, with
 * sweep.json rewritten as trials start and end. Finished trials are kept; an unfinished trial's run
 * is resumed from its last checkpoint, so running the same command again continues a killed sweep.
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const plan = planSweep(options.configPath, options.overrides ?? [], (base) => basename(sweepFolder(base, options.outDir)));
  const dir = sweepFolder(plan.base, options.outDir);
  const name = basename(dir);
  for (const t of plan.trials) writeJsonAtomic(join(dir, 'trials', `trial-${String(t.index).padStart(3, '0')}.json`), { ...t.config, data: t.config.data ?? undefined });
  refreshSweepFile(dir, name, plan, true);
  const todo = selectTrials(plan, dir, name, options.trial);
  const parallel = Math.max(1, Math.min(todo.length, options.parallel ?? plan.sweep.parallel ?? availableParallelism()));
  const share = threadShare(availableParallelism(), parallel);
  options.log(`sweep ${name}: ${plan.trials.length} trials, ${todo.length} to run, ${parallel} at a time → ${dir}`);
  const codes: number[] = [];
  const queue = [...todo];
  const worker = async () => {
    for (let t = queue.shift(); t && !options.signal?.aborted; t = queue.shift()) {
      const existing = trialRuns(dir, name).get(t.index);
      if (trialStatus(existing) === 'done') continue;
      const code = await runTrial(dir, plan, t, existing?.dir, share, options.log, options.signal);
      codes.push(code);
      const file = refreshSweepFile(dir, name, plan, true);
      const record = file.trials[t.index];
      options.log(`trial ${t.index}: ${record.status}${record.value !== undefined ? `, ${plan.metric} ${formatValue(record.value)}` : ''} — ${bestLine(file)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  const file = refreshSweepFile(dir, name, plan, false);
  const stopped = options.signal?.aborted === true;
  return { dir, file, stopped, allDone: !stopped && codes.every((c) => c === 0) && todo.every((t) => file.trials[t.index].status === 'done') };
}
