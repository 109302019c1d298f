import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { threadShare } from '../../engine/backend/threadPolicy';
import { liveTrainerOf } from '../../engine/runs/runLock';
import { listRuns } from '../../engine/runs/store';
import { listSweeps } from '../../engine/sweep/sweepFolder';
import { EXIT } from '../../shared/exitCodes';
import { formatValue } from '../../shared/format';
import type { TrainerEvent } from '../../shared/protocol';
import { configLoader } from '../engineConfig';
import type { Log } from '../util/log';
import { isActive, runInfoFromSummary, type RunInfo } from './runInfo';
import { TrainerProcess, type TrainerExit } from './trainerProcess';

/** Where runs live unless a config's `output.dir` says otherwise (relative to the workspace folder). */
const DEFAULT_RUNS_DIR = join('.genlab', 'runs');

export interface TrainRequest {
  configPath: string;
  /** The workspace folder the trainer runs in: relative output and data paths are resolved from it. */
  cwd: string;
  /** `path=value` overrides (the CLI's --set). */
  overrides?: string[];
}

export interface RunEvent {
  run: RunInfo;
  event: TrainerEvent;
}

interface LiveRun {
  info: RunInfo;
  args: string[];
  cwd: string;
  process?: TrainerProcess;
  /** The trainer's last stderr lines, kept after it exits to explain a crash. */
  stderrTail: string[];
  /** Set once the trainer says how the run ended; otherwise the exit code decides. */
  finished?: boolean;
}

/**
 * Starts, tracks and stops training runs. Several runs train at once up to `genlab.maxConcurrentRuns`; more wait
 * as `queued`. Runs found on disk (earlier sessions, the CLI) are listed beside the ones this window started.
 */
export class RunManager implements vscode.Disposable {
  private readonly live = new Map<string, LiveRun>();
  private readonly onDisk = new Map<string, RunInfo>();
  /** Folders holding run folders: each workspace folder's default plus any a run was seen in. */
  private readonly runBases = new Set<string>();
  private pendingCount = 0;
  private readonly changeEmitter = new vscode.EventEmitter<RunInfo | undefined>();
  private readonly eventEmitter = new vscode.EventEmitter<RunEvent>();
  /** A run changed (undefined: the list changed). */
  readonly onDidChangeRun = this.changeEmitter.event;
  /** Every trainer event, with the run it belongs to (already updated). */
  readonly onTrainerEvent = this.eventEmitter.event;

  constructor(
    /** dist/cli.js: trainers and model services are this script run by VS Code's Node. */
    readonly cliPath: string,
    /** Where Install Native Backend installs tfjs-node and trainers look for it (GENLAB_NATIVE_MODULES). */
    readonly nativeModulesDir: string,
    private readonly log: Log,
  ) {}

  /** Every known run, newest first. */
  list(): RunInfo[] {
    const liveById = new Set([...this.live.values()].map((r) => r.info.runId).filter(Boolean));
    const all = [...[...this.live.values()].map((r) => r.info), ...[...this.onDisk.values()].filter((r) => !liveById.has(r.runId))];
    return all.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  /** The last stderr lines of a run this window started (empty for others). */
  stderrTail(key: string): readonly string[] {
    const live = this.findLive(key);
    return live?.process?.stderrTail ?? live?.stderrTail ?? [];
  }

  get(key: string): RunInfo | undefined {
    for (const run of this.live.values()) if (run.info.key === key || run.info.runId === key) return run.info;
    return this.onDisk.get(key);
  }

  /** Starts training (or queues it when enough runs are training already). */
  train(request: TrainRequest): RunInfo {
    const args = ['train', request.configPath, '--json', ...(request.overrides ?? []).flatMap((o) => ['--set', o])];
    const name = request.configPath.split(/[\\/]/).pop()!.replace(/(\.genlab)?\.json$/, '');
    return this.enqueue(args, request.cwd, { name, configPath: request.configPath });
  }

  /** Continues a stopped or failed run from its last checkpoint, in the same run folder. */
  resume(key: string): RunInfo {
    const run = this.get(key);
    if (!run?.runDir) throw new Error(`unknown run ${key}`);
    if (isActive(run)) throw new Error(`${run.name} is already ${run.status}`);
    const previous = this.findLive(key);
    if (previous) this.live.delete(previous.info.key);
    const cwd = previous?.cwd ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.runDir))?.uri.fsPath ?? dirname(run.runDir);
    return this.enqueue(['train', '--resume', run.runDir, '--json'], cwd,
      { ...run, key: run.key, status: 'queued', message: undefined, etaSeconds: null, stepMetrics: {} });
  }

  /** Stops a run: a queued one leaves the queue, a training one checkpoints and ends as `stopped`. */
  stop(key: string): boolean {
    const live = this.findLive(key);
    if (live?.info.status === 'queued') {
      this.update(live, { status: 'stopped', message: 'removed from the queue' });
      return true;
    }
    if (live?.process && live.info.status === 'running') {
      this.log.info(`[${live.info.name}] stopping (the trainer saves a checkpoint first)`);
      live.process.stop();
      return true;
    }
    // A run started elsewhere (a terminal, another window) is signalled only when its lock, checked now, proves the
    // pid is that run's trainer, and only in a trusted workspace: run folders are files anyone may have written.
    const other = this.onDisk.get(key);
    const trainer = other?.status === 'running' && other.runDir && other.runId && vscode.workspace.isTrusted
      ? liveTrainerOf(other.runDir, other.runId) : null;
    if (!trainer) return false;
    process.kill(trainer.pid, 'SIGTERM');
    return true;
  }

  /** Deletes a run's folder. Refuses while it trains. */
  delete(key: string): void {
    const run = this.get(key);
    if (!run) return;
    if (isActive(run)) throw new Error(`${run.name} is ${run.status}: stop it first`);
    if (run.runDir) rmSync(run.runDir, { recursive: true, force: true });
    const live = this.findLive(key);
    if (live) this.live.delete(live.info.key);
    if (run.runId) this.onDisk.delete(run.runId);
    this.changeEmitter.fire(undefined);
  }

  /** Re-reads the run folders on disk (summary.json of each run, and of each sweep's trials). */
  refreshFromDisk(workspaceFolders: readonly string[]): void {
    for (const folder of workspaceFolders) this.runBases.add(resolve(folder, DEFAULT_RUNS_DIR));
    this.onDisk.clear();
    for (const base of this.runBases) {
      for (const { dir, summary } of listRuns(base)) {
        if (summary) this.onDisk.set(summary.runId, runInfoFromSummary(dir, summary));
      }
      for (const { dir: sweepDir, file } of listSweeps(base)) {
        for (const { dir, summary } of listRuns(sweepDir)) {
          if (summary) this.onDisk.set(summary.runId, { ...runInfoFromSummary(dir, summary), sweep: { name: file.name, dir: sweepDir } });
        }
      }
    }
    this.changeEmitter.fire(undefined);
  }

  /** Resolves when the run has a run folder (`run-started`), or with undefined if it ends before that. */
  whenStarted(key: string): Promise<RunInfo | undefined> {
    return this.waitFor(key, (run) => (run.runId ? run : !isActive(run) ? undefined : null));
  }

  /** Resolves when the run has ended, with its final state. */
  whenFinished(key: string): Promise<RunInfo> {
    return this.waitFor(key, (run) => (isActive(run) ? null : run));
  }

  dispose(): void {
    for (const run of this.live.values()) run.process?.dispose();
    this.changeEmitter.dispose();
    this.eventEmitter.dispose();
  }

  private waitFor<T>(key: string, check: (run: RunInfo) => T | null): Promise<T> {
    const live = this.findLive(key);
    if (!live) return Promise.reject(new Error(`run ${key} is not running in this window`));
    return new Promise((resolveWait) => {
      const now = check(live.info);
      if (now !== null) return resolveWait(now);
      const subscription = this.onDidChangeRun((run) => {
        if (run !== live.info) return;
        const result = check(run);
        if (result === null) return;
        subscription.dispose();
        resolveWait(result);
      });
    });
  }

  private findLive(key: string): LiveRun | undefined {
    for (const run of this.live.values()) if (run.info.key === key || run.info.runId === key) return run;
    return undefined;
  }

  private enqueue(args: string[], cwd: string, seed: Partial<RunInfo> & { name: string }): RunInfo {
    const now = new Date().toISOString();
    const key = seed.key ?? `pending-${++this.pendingCount}`;
    const info: RunInfo = {
      model: '', epochsDone: 0, totalEpochs: 0, metrics: {}, stepMetrics: {}, etaSeconds: null, startedAt: now,
      ...seed, key, status: 'queued', updatedAt: now,
    };
    const live: LiveRun = { info, args, cwd, stderrTail: [] };
    this.live.set(key, live);
    this.changeEmitter.fire(undefined);
    this.startQueued();
    return info;
  }

  private maxConcurrentRuns(): number {
    return Math.max(1, vscode.workspace.getConfiguration('genlab').get<number>('maxConcurrentRuns', 2));
  }

  private startQueued(): void {
    const running = [...this.live.values()].filter((r) => r.info.status === 'running').length;
    const queued = [...this.live.values()].filter((r) => r.info.status === 'queued');
    for (const run of queued.slice(0, Math.max(0, this.maxConcurrentRuns() - running))) this.launch(run);
  }

  private launch(run: LiveRun): void {
    const inFlight = [...this.live.values()].filter((r) => r.info.status === 'running').length + 1;
    const trainer = new TrainerProcess({ cliPath: this.cliPath, args: run.args, cwd: run.cwd, nativeModulesDir: this.nativeModulesDir,
      threadShare: threadShare(availableParallelism(), inFlight),
      gpu: vscode.workspace.getConfiguration('genlab').get<'use' | 'avoid'>('gpu', 'use') });
    run.process = trainer;
    trainer.onEvent((event) => this.onEvent(run, event));
    trainer.onOutput(({ line }) => this.log.info(`${this.tag(run)} ${line}`));
    trainer.onExit((exit) => this.onExit(run, exit));
    this.log.info(`${this.tag(run)} ${process.execPath} ${this.cliPath} ${run.args.join(' ')}   (in ${run.cwd})`);
    trainer.start();
    this.update(run, { status: 'running', pid: trainer.pid });
  }

  private onEvent(run: LiveRun, event: TrainerEvent): void {
    switch (event.type) {
      case 'run-started':
        this.runBases.add(dirname(resolve(run.cwd, event.runDir)));
        this.update(run, {
          runId: event.runId, runDir: resolve(run.cwd, event.runDir), name: event.name, model: event.model,
          totalEpochs: event.totalEpochs, pid: event.pid, epochsDone: event.resumedFrom ? event.resumedFrom.epoch - 1 : 0,
        });
        this.log.info(`${this.tag(run)} started ${event.runId}${event.resumedFrom ? ` (resumed at epoch ${event.resumedFrom.epoch})` : ''}`);
        break;
      case 'step':
        this.update(run, { stepMetrics: event.metrics, etaSeconds: event.etaSeconds });
        break;
      case 'epoch':
        this.update(run, { epochsDone: event.epoch, metrics: event.metrics });
        this.log.info(`${this.tag(run)} epoch ${event.epoch}/${run.info.totalEpochs} ` +
          Object.entries(event.metrics).map(([k, v]) => `${k}=${formatValue(v)}`).join(' '));
        break;
      case 'backend':
        this.update(run, { backend: event.name, adapter: event.adapter });
        this.log.info(`${this.tag(run)} backend ${event.name}` +
          event.skipped.map((s) => `; skipped ${s.name}: ${s.reason}`).join(''));
        break;
      case 'data':
        this.log.info(`${this.tag(run)} data ${event.source}: ${event.train} train, ${event.test} test`);
        break;
      case 'log':
        this.log[event.level === 'warn' ? 'warn' : 'info'](`${this.tag(run)} ${event.message}`);
        break;
      case 'invalid-config':
        this.update(run, { message: event.issues.map(configLoader().formatIssue).join('\n') });
        break;
      case 'run-finished': {
        run.finished = true;
        // A run that failed before `run-started` (e.g. no data) still made its folder: adopt it, so the
        // list shows one entry for it and Delete removes the folder.
        const folder = run.info.runDir ?? resolve(run.cwd, DEFAULT_RUNS_DIR, event.summary.runId);
        const adopt = !run.info.runId && existsSync(join(folder, 'summary.json'));
        this.update(run, {
          status: event.status, message: event.message, epochsDone: event.summary.epochs, etaSeconds: null,
          ...(adopt ? { runId: event.summary.runId, runDir: folder, model: event.summary.model, totalEpochs: event.summary.totalEpochs } : {}),
        });
        break;
      }
      case 'checkpoint':
      case 'artifact':
        break;
    }
    this.eventEmitter.fire({ run: run.info, event });
  }

  private onExit(run: LiveRun, exit: TrainerExit): void {
    const stopping = run.process?.stopping ?? false;
    run.stderrTail = [...(run.process?.stderrTail ?? [])];
    run.process?.dispose();
    run.process = undefined;
    this.log.info(`${this.tag(run)} trainer exited (${exit.signal ?? `code ${exit.code}`})`);
    if (!run.finished) {
      const invalid = exit.code === EXIT.invalid;
      // Exit 2 without an invalid-config event is other bad input (say, the run folder is in use): stderr says which.
      const refusal = run.stderrTail.at(-1)?.replace(/^genlab: /, '');
      this.update(run, {
        status: stopping && exit.signal ? 'stopped' : 'failed', etaSeconds: null, pid: undefined,
        message: invalid ? (run.info.message ? `invalid config\n${run.info.message}` : refusal ?? 'invalid config')
          : run.info.message ?? `the trainer exited (${exit.signal ?? `code ${exit.code}`})`,
      });
    } else {
      this.update(run, { pid: undefined });
    }
    this.startQueued();
  }

  private tag(run: LiveRun): string {
    return `[${run.info.name}]`;
  }

  private update(run: LiveRun, patch: Partial<RunInfo>): void {
    Object.assign(run.info, patch, { updatedAt: new Date().toISOString() });
    if (patch.runId && run.info.key !== patch.runId) {
      this.live.delete(run.info.key);
      run.info.key = patch.runId;
      this.live.set(run.info.key, run);
    }
    this.changeEmitter.fire(run.info);
  }
}
