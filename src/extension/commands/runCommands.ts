import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { GenlabServices } from '../context';
import type { RunPanel } from '../panel/runPanel';
import { isActive } from '../runs/runInfo';
import { resolveConfig } from '../util/configFiles';
import { resolveRun, type RunTarget } from './runTarget';

const hasFolder = (run: { runDir?: string }) => !!run.runDir;

/** GenLab: Open Panel — the run's live panel, beside the editor. */
export async function openPanelCommand(services: GenlabServices, target?: RunTarget): Promise<RunPanel | undefined> {
  const run = await resolveRun(services.runs, target, hasFolder, 'open');
  if (!run?.runId || !run.runDir) return undefined;
  return services.panels.open({ runId: run.runId, runDir: run.runDir }, { preserveFocus: false });
}

/** GenLab: Show Runs — the Runs view in the GenLab sidebar. */
export async function showRunsCommand(services: GenlabServices): Promise<void> {
  services.runs.refreshFromDisk(workspaceFolderPaths());
  await vscode.commands.executeCommand('genlab.runs.focus');
}

export interface DeleteOptions {
  /** Skips the confirmation (scripted use). */
  confirmed?: boolean;
}

/** Deletes a run folder after a modal confirmation. */
export async function deleteRunCommand(services: GenlabServices, target?: RunTarget, options: DeleteOptions = {}): Promise<boolean> {
  const run = await resolveRun(services.runs, target, (r) => !isActive(r), 'delete');
  if (!run) return false;
  if (isActive(run)) {
    void vscode.window.showWarningMessage(`GenLab: ${run.name} is ${run.status}; stop it before deleting it.`);
    return false;
  }
  if (!options.confirmed) {
    const answer = await vscode.window.showWarningMessage(
      `Delete run ${run.runId ?? run.name}?`,
      { modal: true, detail: `Its folder (checkpoints, metrics, images) is removed:\n${run.runDir ?? ''}` },
      'Delete',
    );
    if (answer !== 'Delete') return false;
  }
  services.panels.get(run.runId ?? '')?.dispose();
  services.runs.delete(run.key);
  return true;
}

/**
 * Shows the run folder in the Explorer (works in remote windows too, unlike revealing it in the OS); returns the
 * folder revealed, for scripted use.
 */
export async function revealRunCommand(services: GenlabServices, target?: RunTarget): Promise<vscode.Uri | undefined> {
  const run = await resolveRun(services.runs, target, hasFolder, 'reveal');
  if (!run?.runDir) return undefined;
  const folder = vscode.Uri.file(run.runDir);
  await vscode.commands.executeCommand('revealInExplorer', folder);
  return folder;
}

/** Overlays the curves of other runs in a run's panel. */
export async function compareRunsCommand(services: GenlabServices, target?: RunTarget, otherRunIds?: string[]): Promise<void> {
  const run = await resolveRun(services.runs, target, hasFolder, 'compare with others');
  if (!run?.runId || !run.runDir) return;
  const others = services.runs.list().filter((r) => r.runId && r.runDir && r.runId !== run.runId);
  let chosen = otherRunIds ? others.filter((r) => otherRunIds.includes(r.runId!)) : undefined;
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(
      others.map((r) => ({ label: r.runId!, description: `${r.model} · ${r.status}`, run: r })),
      { canPickMany: true, placeHolder: `Runs to overlay on ${run.runId}` },
    );
    if (!picked) return;
    chosen = picked.map((p) => p.run);
  }
  const panel = services.panels.open({ runId: run.runId, runDir: run.runDir });
  panel.setCompare(chosen.map((r) => ({ runId: r.runId!, runDir: r.runDir! })));
}

/** Opens the panel of the latest run of a config (runs are matched by the config's name). */
export async function openLastRunCommand(services: GenlabServices, uri?: vscode.Uri): Promise<string | undefined> {
  const configUri = await resolveConfig(uri, 'open the last run of');
  if (!configUri) return undefined;
  services.runs.refreshFromDisk(workspaceFolderPaths());
  const name = configName(configUri);
  const last = services.runs.list().find((r) => r.name === name && r.runId && r.runDir);
  if (!last?.runId || !last.runDir) {
    const train = 'Train';
    const answer = await vscode.window.showInformationMessage(`GenLab: ${name} has no runs yet.`, train);
    if (answer === train) await vscode.commands.executeCommand('genlab.train', configUri);
    return undefined;
  }
  services.panels.open({ runId: last.runId, runDir: last.runDir }, { preserveFocus: false });
  return last.runId;
}

export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

/** A config's run name: its `name`, else the file name (what the engine uses), read leniently. */
function configName(uri: vscode.Uri): string {
  const fallback = basename(uri.fsPath).replace(/(\.genlab)?\.json$/, '');
  try {
    const name = (parse(readFileSync(uri.fsPath, 'utf8')) as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? name : fallback;
  } catch {
    return fallback;
  }
}
