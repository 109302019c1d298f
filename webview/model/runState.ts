import type { AdapterInfo, ArtifactRef, MetricRow, RunSnapshot, RunStatus, RunSummary, TrainerEvent } from '../../src/shared/protocol';
import { MetricSeries } from './metricSeries';

/** A step or epoch metric: step metrics are per batch, epoch metrics once per epoch (e.g. test loss). */
export interface MetricKey {
  kind: 'step' | 'epoch';
  name: string;
}

export const metricId = (k: MetricKey): string => `${k.kind}:${k.name}`;

export interface LiveProgress {
  epoch: number;
  step: number;
  stepsPerSecond: number;
  etaSeconds: number | null;
}

/** What the panel knows about one run: the snapshot it was sent, kept current by live events. */
export class RunState {
  readonly runId: string;
  summary: RunSummary | null;
  status: RunStatus | null;
  name: string;
  model: string;
  totalEpochs: number | null;
  /** The backend it trains on and, on webgpu, the adapter: from the summary, or live from the trainer's choice. */
  backend: string | undefined;
  adapter: AdapterInfo | undefined;
  readonly series = new Map<string, { key: MetricKey; values: MetricSeries }>();
  /** By path, so an artifact announced twice (snapshot, then event) is kept once. */
  readonly artifacts = new Map<string, ArtifactRef>();
  /** Webview URIs of artifact paths, as resolved by the host. */
  readonly uris = new Map<string, string>();
  /** The global step each epoch ended at (where its epoch metrics sit on the curves). */
  readonly epochEndSteps = new Map<number, number>();
  progress: LiveProgress | null = null;
  /** The latest epoch with a checkpoint, as far as the panel knows (the model service loads the newest). */
  checkpointEpoch: number;
  lastMessage: string | null = null;
  private lastGlobalStep = 0;

  constructor(snapshot: RunSnapshot) {
    this.runId = snapshot.runId;
    this.summary = snapshot.summary;
    this.status = snapshot.summary?.status ?? null;
    this.name = snapshot.summary?.name ?? snapshot.runId;
    this.model = snapshot.summary?.model ?? '';
    this.totalEpochs = snapshot.summary?.totalEpochs ?? null;
    this.backend = snapshot.summary?.backend;
    this.adapter = snapshot.summary?.adapter;
    // Every completed epoch ends with a checkpoint.
    this.checkpointEpoch = snapshot.summary?.epochs ?? 0;
    for (const row of snapshot.metrics) this.addRow(row);
    for (const a of snapshot.artifacts) this.artifacts.set(a.path, a);
  }

  /** Applies one trainer event; returns what it changed, so the panel redraws only that. */
  apply(event: TrainerEvent): RunChange {
    switch (event.type) {
      case 'run-started':
        this.status = 'running';
        this.name = event.name;
        this.model = event.model;
        this.totalEpochs = event.totalEpochs;
        this.lastMessage = null;
        return { status: true };
      case 'backend':
        this.backend = event.name;
        this.adapter = event.adapter;
        return { status: true };
      case 'step':
        this.addRow({ kind: 'step', epoch: event.epoch, globalStep: event.globalStep, metrics: event.metrics });
        this.progress = { epoch: event.epoch, step: event.step, stepsPerSecond: event.stepsPerSecond,
          etaSeconds: event.etaSeconds };
        return { metrics: true, status: true };
      case 'epoch':
        // Epoch events carry no step; they belong at the end of the epoch's last step.
        this.addRow({ kind: 'epoch', epoch: event.epoch, globalStep: this.lastGlobalStep, metrics: event.metrics });
        return { metrics: true, status: true };
      case 'artifact':
        this.artifacts.set(event.artifact.path, event.artifact);
        return { artifacts: true };
      case 'checkpoint':
        if (event.epoch <= this.checkpointEpoch) return {};
        this.checkpointEpoch = event.epoch;
        return { status: true };
      case 'run-finished':
        this.status = event.status;
        this.summary = event.summary;
        this.lastMessage = event.message ?? null;
        this.progress = null;
        return { status: true };
      case 'log':
        if (event.level === 'warn') this.lastMessage = event.message;
        return event.level === 'warn' ? { status: true } : {};
      default:
        return {};
    }
  }

  addUris(uris: Record<string, string>): void {
    for (const [path, uri] of Object.entries(uris)) if (typeof uri === 'string') this.uris.set(path, uri);
  }

  private addRow(row: MetricRow): void {
    if (row.kind === 'step') this.lastGlobalStep = row.globalStep;
    else this.epochEndSteps.set(row.epoch, row.globalStep);
    for (const [name, value] of Object.entries(row.metrics)) {
      if (typeof value !== 'number') continue;
      const key: MetricKey = { kind: row.kind, name };
      const id = metricId(key);
      let entry = this.series.get(id);
      if (!entry) {
        entry = { key, values: new MetricSeries() };
        this.series.set(id, entry);
      }
      entry.values.append(row.globalStep, value);
    }
  }
}

/** Run names for legends and captions; the run id where two runs share a name (two runs of one config). */
export function runLabels(runs: RunState[]): string[] {
  return runs.map((run) => (runs.filter((o) => o.name === run.name).length > 1 ? run.runId : run.name));
}

export interface RunChange {
  metrics?: boolean;
  artifacts?: boolean;
  uris?: boolean;
  status?: boolean;
}
