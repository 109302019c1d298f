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

/** The Runs view: every run, newest first, with its state and how far it got. */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunInfo>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly refresh = throttle(() => this.changeEmitter.fire(), 500);
  private readonly subscription: vscode.Disposable;
  private readonly ageTimer = setInterval(() => this.refresh(), AGE_REFRESH_MS);

  constructor(private readonly runs: RunManager) {
    this.subscription = runs.onDidChangeRun(() => this.refresh());
  }

  getChildren(element?: RunInfo): RunInfo[] {
    return element ? [] : this.runs.list();
  }

  getTreeItem(run: RunInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(run.runId ?? run.name, vscode.TreeItemCollapsibleState.None);
    item.id = run.key;
    item.iconPath = STATUS_ICONS[run.status];
    item.description = describeRun(run);
    item.tooltip = tooltip(run);
    item.contextValue = `run.${run.status}`;
    if (run.runDir) item.command = { command: 'genlab.openPanel', title: 'Open Panel', arguments: [run.key] };
    return item;
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.refresh.dispose();
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
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
