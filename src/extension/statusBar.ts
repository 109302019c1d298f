import * as vscode from 'vscode';
import type { RunInfo } from './runs/runInfo';
import type { RunManager } from './runs/runManager';
import { formatShortDuration, formatValue } from '../shared/format';
import { pickMetric } from './util/pickMetric';
import { throttle } from './util/throttle';

/** `$(pulse) vae-mnist 12/30 · loss 148.2 · ETA 3m` while something trains; a click opens its panel. */
export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('genlab.training', vscode.StatusBarAlignment.Left, 10);
  private readonly update = throttle(() => this.render(), 250);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunManager) {
    this.item.name = 'GenLab Training';
    this.subscription = runs.onDidChangeRun(() => this.update());
  }

  dispose(): void {
    this.update.dispose();
    this.subscription.dispose();
    this.item.dispose();
  }

  private render(): void {
    const running = this.runs.list().filter((r) => r.status === 'running' && r.runId);
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    // The most recently updated run speaks for all of them.
    const shown = running.reduce((a, b) => (a.updatedAt >= b.updatedAt ? a : b));
    this.item.text = statusText(shown) + (running.length > 1 ? ` (+${running.length - 1})` : '');
    this.item.tooltip = running.map((r) => `${r.name}: epoch ${r.epochsDone}/${r.totalEpochs}`).join('\n');
    this.item.command = { command: 'genlab.openPanel', title: 'Open Panel', arguments: [shown.key] };
    this.item.show();
  }
}

export function statusText(run: RunInfo): string {
  const parts = [`$(pulse) ${run.name} ${Math.min(run.epochsDone + 1, run.totalEpochs)}/${run.totalEpochs}`];
  const metric = pickMetric(run.stepMetrics, 'loss');
  if (metric) parts.push(`${metric[0]} ${formatValue(metric[1])}`);
  if (run.etaSeconds !== null) parts.push(`ETA ${formatShortDuration(run.etaSeconds)}`);
  return parts.join(' · ');
}
