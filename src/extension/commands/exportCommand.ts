import * as vscode from 'vscode';
import { RunStore } from '../../engine/runs/store';
import type { GenlabServices } from '../context';
import { exportImageArtifact, exportMetricsCsv } from '../panel/exporters';
import { resolveRun, type RunTarget } from './runTarget';

export interface ExportOptions {
  /** `metrics-csv`, or the name of an image view (`samples`, `manifold`, …) to save its latest epoch. */
  what?: string;
  /** Where to write; skips the save dialog. */
  target?: vscode.Uri;
}

/**
 * GenLab: Export — a run's metrics as CSV, or one of its image views (latest epoch) as PNG. Charts are
 * exported as PNG from the panel itself (it renders them).
 */
export async function exportCommand(services: GenlabServices, runTarget?: RunTarget, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const run = await resolveRun(services.runs, runTarget, (r) => !!r.runDir, 'export');
  if (!run?.runDir) return undefined;
  const latestImages = new Map(RunStore.open(run.runDir).listArtifacts().filter((a) => a.kind === 'image')
    .sort((a, b) => a.epoch - b.epoch).map((a) => [a.name, a]));
  const choices = [
    { label: 'Metrics as CSV', description: 'every step and epoch row', what: 'metrics-csv' },
    ...[...latestImages.values()].map((a) => ({ label: `${a.name} as PNG`, description: `epoch ${a.epoch}`, what: a.name })),
  ];
  const what = options.what ?? (await vscode.window.showQuickPick(choices, { placeHolder: `Export from ${run.runId}` }))?.what;
  if (!what) return undefined;
  const artifact = latestImages.get(what);
  if (what !== 'metrics-csv' && !artifact) throw new Error(`${run.runId} has no image view "${what}"`);
  const saved = artifact ? await exportImageArtifact(run.runDir, artifact, options.target) : await exportMetricsCsv(run.runDir, options.target);
  if (saved && !options.target) void vscode.window.showInformationMessage(`GenLab: saved ${vscode.workspace.asRelativePath(saved)}`);
  return saved;
}
