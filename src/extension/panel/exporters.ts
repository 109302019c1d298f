import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RunStore } from '../../engine/runs/store';
import type { ArtifactRef, FramesFormat, MetricRow } from '../../shared/protocol';

/** Metrics as CSV: one row per recorded step or epoch, one column per metric name ever seen. */
export function metricsCsv(rows: readonly MetricRow[]): string {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const lines = [['kind', 'epoch', 'globalStep', ...names].join(',')];
  for (const row of rows) {
    lines.push([row.kind, row.epoch, row.globalStep, ...names.map((n) => row.metrics[n] ?? '')].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Asks where to save unless a target is given (tests and scripted use pass one). */
async function chooseTarget(suggestedName: string, filters: Record<string, string[]>, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (target) return target;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : undefined, filters });
}

export async function exportMetricsCsv(runDir: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const store = RunStore.open(runDir);
  const uri = await chooseTarget(`${store.id}-metrics.csv`, { CSV: ['csv'] }, target);
  if (!uri) return undefined;
  await writeFile(uri.fsPath, metricsCsv(store.readMetrics()));
  return uri;
}

/** Saves a PNG the panel rendered (a chart) from its data: URL. */
export async function exportPngDataUrl(dataUrl: string, suggestedName: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = await chooseTarget(suggestedName, { PNG: ['png'] }, target);
  if (!uri) return undefined;
  await writeFile(uri.fsPath, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  return uri;
}

const FRAMES_FILTERS: Record<FramesFormat, Record<string, string[]>> = { png: { PNG: ['png'] }, gif: { GIF: ['gif'] }, webp: { WebP: ['webp'] } };

/** Saves a file the model service made of an explorer's frames (a PNG sheet, a GIF or a WebP), from its base64. */
export async function exportFramesFile(base64: string, format: FramesFormat, suggestedName: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = await chooseTarget(suggestedName, FRAMES_FILTERS[format], target);
  if (!uri) return undefined;
  await writeFile(uri.fsPath, Buffer.from(base64, 'base64'));
  return uri;
}

/** Saves an image view the trainer wrote (samples, manifold, …) as it is on disk. */
export async function exportImageArtifact(runDir: string, artifact: ArtifactRef, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = await chooseTarget(`${artifact.name}-e${artifact.epoch}.png`, { PNG: ['png'] }, target);
  if (!uri) return undefined;
  await copyFile(join(runDir, artifact.path), uri.fsPath);
  return uri;
}
