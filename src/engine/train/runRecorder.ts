import { resolve } from 'node:path';
import type { RunSummary, TrainerEvent } from '../../shared/protocol';
import { loadConfig } from '../config/load';
import type { GenlabConfig } from '../config/schema';
import { removeLeftovers } from '../runs/leftovers';
import { acquireRunLock, type RunLock } from '../runs/runLock';
import { RunStore } from '../runs/store';
import { DiskFullError } from '../util/diskFull';
import { InputError } from './errors';

/**
 * What every phase of a run writes through: its events and its summary.json. The summary carries on from a
 * resumed run's (epochs, steps, duration), so `genlab runs` and the Runs view see one run, not its attempts.
 */
export class RunRecorder {
  summary: RunSummary;
  private readonly startedAt = Date.now();
  private readonly priorDuration: number;

  constructor(readonly store: RunStore, readonly config: GenlabConfig, private readonly sink: (event: TrainerEvent) => void,
    private readonly lock: RunLock) {
    const previous = store.readSummary();
    const now = new Date(this.startedAt).toISOString();
    this.summary = {
      runId: store.id, name: config.name, model: config.model.type, backend: '', status: 'running',
      epochs: previous?.epochs ?? 0, totalEpochs: config.training.epochs, steps: previous?.steps ?? 0,
      durationS: previous?.durationS ?? 0, metrics: previous?.metrics ?? {}, startedAt: previous?.startedAt ?? now,
      updatedAt: now, pid: process.pid,
    };
    this.priorDuration = this.summary.durationS;
  }

  /**
   * Sends an event to the caller (stdout with --json) and appends it to events.jsonl, the run's full history:
   * every attempt, including steps a resume goes back over. The curves read metrics.jsonl instead, which
   * holds one row per step of the run as it stands (cut back to the checkpoint on resume).
   */
  emit(event: TrainerEvent): void {
    this.store.appendEvent(event);
    this.sink(event);
  }

  update(patch: Partial<RunSummary>): void {
    this.summary = {
      ...this.summary, ...patch, updatedAt: new Date().toISOString(),
      durationS: this.priorDuration + (Date.now() - this.startedAt) / 1000,
    };
    this.store.writeSummary(this.summary);
  }

  finish(status: 'done' | 'stopped' | 'failed', message?: string): RunSummary {
    this.update({ status, message, pid: undefined });
    this.emit({ type: 'run-finished', status, message, summary: this.summary });
    return this.summary;
  }

  /** Marks the run failed as far as the disk allows: when it is full, summary.json may not take even that. */
  fail(message: string): void {
    try {
      this.finish('failed', message);
    } catch (e) {
      if (!(e instanceof DiskFullError)) throw e;
    }
  }

  /** Lets another trainer have the run folder (the run has finished, or never got going). */
  release(): void {
    this.lock.release();
  }
}

/** Locks the run folder before anything reads or writes it; the lock goes again if the recorder cannot be made. */
function lockedRecorder(store: RunStore, loadRunConfig: () => GenlabConfig, sink: (event: TrainerEvent) => void): RunRecorder {
  const lock = acquireRunLock(store.dir, store.id);
  try {
    return new RunRecorder(store, loadRunConfig(), sink, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

/**
 * Opens the run: a new folder for a config, or the existing one for --resume, locked for this trainer (a second
 * trainer on the same folder is refused with RunLockedError). The caller releases it when the run ends.
 */
export function openRun(
  options: { configPath?: string; overrides?: string[]; outDir?: string; resumeDir?: string },
  sink: (event: TrainerEvent) => void,
): RunRecorder {
  if (options.resumeDir) {
    let store: RunStore;
    try {
      store = RunStore.open(options.resumeDir);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    const run = lockedRecorder(store, () => loadConfig(store.configPath, options.overrides ?? []), sink);
    // Held by us now: what dead writers left can go.
    const cleared = removeLeftovers(store.dir);
    if (cleared.length) run.emit({ type: 'log', level: 'info', message: `removed what interrupted writes left: ${cleared.join(', ')}` });
    return run;
  }
  if (!options.configPath) throw new InputError('no config given');
  const config = loadConfig(options.configPath, options.overrides ?? []);
  const base = resolve(options.outDir ?? config.output.dir);
  return lockedRecorder(RunStore.create(base, config), () => config, sink);
}
