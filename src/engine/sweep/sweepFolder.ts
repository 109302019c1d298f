import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunSummary, SweepFile, SweepTrialRecord, TrialStatus } from '../../shared/protocol';
import type { SweepTrialInfo } from '../config/sweepSchema';
import { processAlive } from '../runs/processIdentity';
import { listRuns } from '../runs/store';
import { writeJsonAtomic } from '../util/atomicFile';
import { InputError } from '../train/errors';
import { sweptPaths } from './expand';
import type { SweepPlan } from './trials';

export const SWEEP_FILE = 'sweep.json';

/** A trial's run folder found in the sweep folder. */
export interface TrialRun {
  dir: string;
  summary: RunSummary | null;
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function readSweepFile(sweepDir: string): SweepFile | null {
  return readJson<SweepFile>(join(sweepDir, SWEEP_FILE));
}

/** The sweep folders directly in a runs folder (those holding a readable sweep.json), by name. */
export function listSweeps(baseDir: string): { dir: string; file: SweepFile }[] {
  if (!existsSync(baseDir)) return [];
  return readdirSync(baseDir, { withFileTypes: true }).filter((e) => e.isDirectory())
    .map((e) => ({ dir: join(baseDir, e.name), file: readSweepFile(join(baseDir, e.name)) }))
    .filter((s): s is { dir: string; file: SweepFile } => s.file !== null)
    .sort((a, b) => (a.file.name < b.file.name ? -1 : 1));
}

/**
 * The run of each trial, found by the `sweepTrial` mark in the run's config.json (so a trial started
 * by any process — another task of a Slurm array — is found). Of two runs of one trial, the furthest wins.
 */
export function trialRuns(sweepDir: string, sweepName: string): Map<number, TrialRun> {
  const found = new Map<number, TrialRun>();
  for (const run of listRuns(sweepDir)) {
    const mark = readJson<{ sweepTrial?: SweepTrialInfo }>(join(run.dir, 'config.json'))?.sweepTrial;
    if (!mark || mark.sweep !== sweepName) continue;
    const seen = found.get(mark.index);
    if (!seen || (run.summary?.steps ?? 0) > (seen.summary?.steps ?? 0)) found.set(mark.index, { dir: run.dir, summary: run.summary });
  }
  return found;
}

export function trialStatus(run: TrialRun | undefined): TrialStatus {
  if (!run) return 'pending';
  const s = run.summary;
  if (!s) return 'killed';
  if (s.status === 'running') return processAlive(s.pid) ? 'running' : 'killed';
  return s.status === 'queued' ? 'pending' : s.status;
}

/** Serializes writers of sweep.json across processes: an exclusive lock file, taken over when stale. */
function withLock<T>(sweepDir: string, body: () => T): T {
  const lock = join(sweepDir, '.sweep.lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Holders keep it for milliseconds: an old one belongs to a process that died holding it.
      const stale = existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10_000;
      if (stale || Date.now() > deadline) rmSync(lock, { force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lock, { force: true });
  }
}

function sameTrials(file: SweepFile, plan: SweepPlan): boolean {
  return file.trials.length === plan.trials.length &&
    file.trials.every((t, i) => JSON.stringify(t.overrides) === JSON.stringify(plan.trials[i].overrides));
}

function best(trials: SweepTrialRecord[], goal: SweepFile['goal']): SweepFile['best'] {
  const ranked = rankTrials(trials, goal).filter((t) => t.status === 'done' && t.value !== undefined);
  return ranked[0] ? { index: ranked[0].index, value: ranked[0].value!, run: ranked[0].run! } : undefined;
}

/** Finished trials with a metric first, best first; then the rest in trial order. */
export function rankTrials(trials: SweepTrialRecord[], goal: SweepFile['goal']): SweepTrialRecord[] {
  const sign = goal === 'minimize' ? 1 : -1;
  const scored = trials.filter((t) => t.value !== undefined && Number.isFinite(t.value));
  const rest = trials.filter((t) => !scored.includes(t));
  return [...scored.sort((a, b) => sign * (a.value! - b.value!) || a.index - b.index), ...rest];
}

function overallStatus(trials: SweepTrialRecord[], active: boolean): SweepFile['status'] {
  if (trials.every((t) => t.status === 'done')) return 'done';
  if (active || trials.some((t) => t.status === 'running')) return 'running';
  if (trials.some((t) => t.status === 'failed')) return 'failed';
  return trials.some((t) => t.status !== 'pending') ? 'stopped' : 'pending';
}

/**
 * Rescans the sweep folder and rewrites sweep.json from what the trial runs say. Refuses a sweep
 * folder made from a different set of trials: resuming it would mix two sweeps.
 */
export function refreshSweepFile(sweepDir: string, name: string, plan: SweepPlan, active: boolean): SweepFile {
  return withLock(sweepDir, () => {
    const previous = readSweepFile(sweepDir);
    if (previous && !sameTrials(previous, plan)) {
      throw new InputError(`${join(sweepDir, SWEEP_FILE)} holds a different sweep (its trials differ from ${plan.configPath}'s); ` +
        'use another --out folder, or delete that one');
    }
    const runs = trialRuns(sweepDir, name);
    const trials = plan.trials.map((t): SweepTrialRecord => {
      const run = runs.get(t.index);
      const value = run?.summary?.metrics[plan.metric];
      return { index: t.index, overrides: t.overrides, status: trialStatus(run),
        ...(run ? { run: relative(sweepDir, run.dir), epochs: run.summary?.epochs, totalEpochs: t.config.training.epochs } : {}),
        ...(value !== undefined ? { value } : {}) };
    });
    const now = new Date().toISOString();
    const file: SweepFile = { format: 'genlab-sweep-1', name, config: plan.configPath, model: plan.base.model.type,
      metric: plan.metric, goal: plan.sweep.goal, paths: sweptPaths(plan.sweep),
      status: overallStatus(trials, active), trials, best: best(trials, plan.sweep.goal),
      createdAt: previous?.createdAt ?? now, updatedAt: now };
    writeJsonAtomic(join(sweepDir, SWEEP_FILE), file);
    return file;
  });
}
