import * as vscode from 'vscode';
import type { RunInfo } from '../runs/runInfo';
import type { RunManager } from '../runs/runManager';
import { describeRun } from '../views/runsTree';

/** What run commands receive: a run key (panel, status bar, tests), a Runs tree element, or nothing (palette). */
export type RunTarget = string | { key: string } | undefined;

/**
 * The run a command acts on: the one given, else the only candidate, else one the user picks.
 * `filter` says which runs the command applies to (e.g. only running ones for Stop).
 */
export async function resolveRun(runs: RunManager, target: RunTarget, filter: (run: RunInfo) => boolean,
  what: string): Promise<RunInfo | undefined> {
  const key = typeof target === 'string' ? target : target?.key;
  if (key) {
    const run = runs.get(key);
    if (!run) void vscode.window.showWarningMessage(`GenLab: no run ${key}`);
    return run;
  }
  const candidates = runs.list().filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`GenLab: no run to ${what}.`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((run) => ({ label: run.runId ?? run.name, description: `${run.status} · ${describeRun(run)}`, run })),
    { placeHolder: `Run to ${what}` },
  );
  return picked?.run;
}
