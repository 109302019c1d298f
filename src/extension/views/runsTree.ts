import * as vscode from 'vscode';
import type { RunStatus } from '../../shared/protocol';
import { modelCatalog } from '../engineConfig';
import type { RunInfo } from '../runs/runInfo';
import type { RunManager } from '../runs/runManager';
import { formatAge, formatBackend, formatValue } from '../../shared/format';
import { pickMetric } from '../util/pickMetric';
import { throttle } from '../util/throttle';

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  queued: new vscode.ThemeIcon('clock'),
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  stopped: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};
/** Ages in the list are refreshed this often even when nothing else changes. */
const AGE_REFRESH_MS = 60_000;

/** A sweep in the Runs view: its trials under one node, which opens the sweep panel. */
export interface SweepGroup {
  kind: 'sweep';
  name: string;
  dir: string;
  trials: RunInfo[];
}

export type RunsViewItem = RunInfo | SweepGroup;

const isSweep = (item: RunsViewItem): item is SweepGroup => 'kind' in item && item.kind === 'sweep';

/** The Runs view: every run, newest first, with its state and how far it got; a sweep's trials grouped under it. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunsViewItem>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly refresh = throttle(() => this.changeEmitter.fire(), 500);
  private readonly subscription: vscode.Disposable;
  private readonly ageTimer = setInterval(() => this.refresh(), AGE_REFRESH_MS);

  constructor(private readonly runs: RunManager) {
    this.subscription = runs.onDidChangeRun(() => this.refresh());
  }

  getChildren(element?: RunsViewItem): RunsViewItem[] {
    if (element) return isSweep(element) ? element.trials : [];
    const runs = this.runs.list();
    const sweeps = new Map<string, SweepGroup>();
    for (const run of runs) {
      if (!run.sweep) continue;
      const group = sweeps.get(run.sweep.dir) ?? { kind: 'sweep', ...run.sweep, trials: [] };
      group.trials.push(run);
      sweeps.set(run.sweep.dir, group);
    }
    return [...sweeps.values(), ...runs.filter((r) => !r.sweep)];
  }

  getTreeItem(item: RunsViewItem): vscode.TreeItem {
    return isSweep(item) ? sweepItem(item) : runItem(item);
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.refresh.dispose();
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function runItem(run: RunInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(run.runId ?? run.name, vscode.TreeItemCollapsibleState.None);
  item.id = run.key;
  item.iconPath = STATUS_ICONS[run.status];
  item.description = describeRun(run);
  item.tooltip = tooltip(run);
  item.contextValue = `run.${run.status}`;
  if (run.runDir) item.command = { command: 'genlab.openPanel', title: 'Open Panel', arguments: [run.key] };
  return item;
}

function sweepItem(group: SweepGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `sweep:${group.dir}`;
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.description = describeSweep(group);
  item.tooltip = group.dir;
  item.contextValue = 'sweep';
  item.command = { command: 'genlab.openSweep', title: 'Open Sweep Panel', arguments: [group.dir] };
  return item;
}

/** `sweep · 4 trials · 3 done, 1 running` */
export function describeSweep(group: SweepGroup): string {
  const counts = new Map<string, number>();
  for (const t of group.trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const states = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  return `sweep · ${group.trials.length} trial${group.trials.length === 1 ? '' : 's'} · ${states}`;
}

/** `vae · webgpu · 12/30 · testNegElbo 148.2 · 3m ago` */
export function describeRun(run: RunInfo, now = Date.now()): string {
  const parts = [run.model || run.status, run.backend];
  if (run.totalEpochs > 0) parts.push(`${run.epochsDone}/${run.totalEpochs}`);
  const metric = pickMetric(run.metrics, modelCatalog().modelDefinition(run.model)?.keyMetric) ?? pickMetric(run.stepMetrics, undefined);
  if (metric) parts.push(`${metric[0]} ${formatValue(metric[1])}`);
  parts.push(formatAge(run.startedAt, now));
  return parts.filter(Boolean).join(' · ');
}

function tooltip(run: RunInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${run.name}** — ${run.status}\n\n`);
  if (run.runId) md.appendMarkdown(`Run \`${run.runId}\`\n\n`);
  md.appendMarkdown(`Model: ${run.model || '?'} · epochs ${run.epochsDone}/${run.totalEpochs || '?'}\n\n`);
  const backend = formatBackend(run.backend, run.adapter);
  if (backend) md.appendText(`Backend: ${backend}\n\n`);
  for (const [name, value] of Object.entries(run.metrics)) md.appendMarkdown(`- ${name}: ${formatValue(value)}\n`);
  if (run.message) md.appendText(`\n${run.message}`);
  return md;
}
