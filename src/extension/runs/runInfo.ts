import type { AdapterInfo, MetricValues, RunStatus, RunSummary } from '../../shared/protocol';
import { liveTrainerOf } from '../../engine/runs/runLock';

/** What the UI knows about one run, whether this window started it or it was found on disk. */
export interface RunInfo {
  /** The run id once the trainer has made the run folder; `pending-N` before that. */
  key: string;
  runId?: string;
  runDir?: string;
  name: string;
  model: string;
  status: RunStatus;
  /** Epochs completed. */
  epochsDone: number;
  totalEpochs: number;
  /** Metrics of the last completed epoch. */
  metrics: MetricValues;
  /** Running means of the epoch in progress, from the last step event. */
  stepMetrics: MetricValues;
  etaSeconds: number | null;
  startedAt: string;
  updatedAt: string;
  /** The config file this window started it from (unknown for runs found on disk). */
  configPath?: string;
  /** Why it failed or stopped. */
  message?: string;
  /** Trainer process id while it runs (for runs started outside this window: the one its lock file proves). */
  pid?: number;
  /** The backend it trains on (known once the trainer has chosen it), and the adapter on webgpu. */
  backend?: string;
  adapter?: AdapterInfo;
  /** The sweep it is a trial of (its folder holds sweep.json and the trials' run folders). */
  sweep?: { name: string; dir: string };
}

export function isActive(run: RunInfo): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/**
 * A run found on disk. A summary that says `running` is believed only when the run folder's lock proves a live
 * GenLab trainer of this run on this machine (see liveTrainerOf); otherwise the run was interrupted (or the file
 * was planted), and its pid is neither shown nor ever signalled.
 */
export function runInfoFromSummary(runDir: string, summary: RunSummary): RunInfo {
  const trainer = summary.status === 'running' ? liveTrainerOf(runDir, summary.runId) : null;
  const orphaned = summary.status === 'running' && !trainer;
  return {
    key: summary.runId,
    runId: summary.runId,
    runDir,
    name: summary.name,
    model: summary.model,
    status: orphaned ? 'stopped' : summary.status,
    epochsDone: summary.epochs,
    totalEpochs: summary.totalEpochs,
    metrics: summary.metrics,
    stepMetrics: {},
    etaSeconds: null,
    startedAt: summary.startedAt,
    updatedAt: summary.updatedAt,
    message: orphaned ? 'interrupted: its trainer is no longer running' : summary.message,
    pid: trainer?.pid,
    backend: summary.backend,
    adapter: summary.adapter,
  };
}
