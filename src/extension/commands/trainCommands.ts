import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { GenlabServices } from '../context';
import { configIssues } from '../editor/configDiagnostics';
import { isActive, type RunInfo } from '../runs/runInfo';
import { trainingBlockedReason } from '../trust';
import { resolveConfig } from '../util/configFiles';
import { resolveRun, type RunTarget } from './runTarget';

export interface TrainOptions {
  /** `path=value` overrides, as the CLI's --set (e.g. `training.epochs=1`). */
  overrides?: string[];
}

/** Refuses (with the reason) when the workspace is not trusted. */
export function guardTraining(isTrusted: boolean): boolean {
  const reason = trainingBlockedReason(isTrusted);
  if (reason) void vscode.window.showWarningMessage(reason);
  return !reason;
}

/** GenLab: Train — validates the config, starts the trainer and opens the run's panel beside the editor. */
export async function trainCommand(services: GenlabServices, uri?: vscode.Uri, options: TrainOptions = {}): Promise<string | undefined> {
  if (!guardTraining(vscode.workspace.isTrusted)) return undefined;
  const configUri = await resolveConfig(uri, 'train');
  if (!configUri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configUri.toString());
  if (open?.isDirty) await open.save();
  const overrides = options.overrides ?? [];
  // The same validator the trainer runs: a broken config is shown in the editor instead of starting a process.
  const issues = configIssues(open?.getText() ?? readFileSync(configUri.fsPath, 'utf8'), configUri.fsPath, overrides);
  if (issues.length > 0) {
    const document = await vscode.workspace.openTextDocument(configUri);
    services.diagnostics.validate(document, overrides);
    await vscode.window.showTextDocument(document, { preview: false });
    void vscode.window.showErrorMessage(`GenLab: ${vscode.workspace.asRelativePath(configUri)} is not a valid config: ` +
      `${issues[0].path ? issues[0].path + ': ' : ''}${issues[0].message}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`);
    return undefined;
  }
  const cwd = vscode.workspace.getWorkspaceFolder(configUri)?.uri.fsPath ?? dirname(configUri.fsPath);
  const run = services.runs.train({ configPath: configUri.fsPath, cwd, overrides });
  return startAndOpen(services, run);
}

/** GenLab: Resume — continues a stopped or failed run from its last checkpoint. */
export async function resumeCommand(services: GenlabServices, target?: RunTarget): Promise<string | undefined> {
  if (!guardTraining(vscode.workspace.isTrusted)) return undefined;
  const run = await resolveRun(services.runs, target, (r) => (r.status === 'stopped' || r.status === 'failed') && !!r.runDir, 'resume');
  if (!run) return undefined;
  if (isActive(run)) {
    void vscode.window.showInformationMessage(`GenLab: ${run.name} is already ${run.status}.`);
    return run.runId;
  }
  return startAndOpen(services, services.runs.resume(run.key));
}

/** GenLab: Stop — the trainer saves a checkpoint and ends as `stopped`, so Resume can continue. */
export async function stopCommand(services: GenlabServices, target?: RunTarget): Promise<boolean> {
  const run = await resolveRun(services.runs, target, isActive, 'stop');
  if (!run) return false;
  return services.runs.stop(run.key);
}

/**
 * Waits for the run folder to exist, then opens the panel. A cancellable notification covers the start
 * (queueing, loading data, the first steps); after that the status bar shows progress.
 */
async function startAndOpen(services: GenlabServices, run: RunInfo): Promise<string | undefined> {
  const { runs, panels } = services;
  const started = runs.whenStarted(run.key);
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GenLab: ${run.name}`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => runs.stop(run.key));
      progress.report({ message: run.status === 'queued' ? 'queued, waiting for a free slot…' : 'starting the trainer…' });
      if (!(await started)) return;
      progress.report({ message: 'training the first steps…' });
      await firstStepOrEnd(services, run.key);
    },
  );
  const startedRun = await started;
  if (!startedRun?.runId || !startedRun.runDir) return undefined;
  panels.open({ runId: startedRun.runId, runDir: startedRun.runDir });
  return startedRun.runId;
}

function firstStepOrEnd(services: GenlabServices, key: string): Promise<void> {
  const run = services.runs.get(key);
  return new Promise((resolve) => {
    if (!run || !isActive(run)) return resolve();
    const done = () => {
      onEvent.dispose();
      onChange.dispose();
      resolve();
    };
    const onEvent = services.runs.onTrainerEvent(({ run: r, event }) => {
      if (r === run && (event.type === 'step' || event.type === 'epoch')) done();
    });
    // A trainer that crashes says nothing more: its state change ends the wait.
    const onChange = services.runs.onDidChangeRun((r) => {
      if (r === run && !isActive(run)) done();
    });
  });
}
