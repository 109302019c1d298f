import * as vscode from 'vscode';
import type { RunStatus } from '../../shared/protocol';
import type { RunManager } from './runManager';

const STDERR_LINES_SHOWN = 6;

/**
 * Tells the user when a run this window started fails, with the trainer's last stderr lines (the usual
 * explanation of a crash) and a way to the full log.
 */
export function notifyRunFailures(runs: RunManager, showLog: () => void): vscode.Disposable {
  const lastStatus = new Map<string, RunStatus>();
  return runs.onDidChangeRun((run) => {
    if (!run) return;
    const previous = lastStatus.get(run.key);
    lastStatus.set(run.key, run.status);
    if (run.status !== 'failed' || previous === 'failed' || previous === undefined) return;
    const tail = runs.stderrTail(run.key).filter((l) => l.trim()).slice(-STDERR_LINES_SHOWN);
    const reason = run.message ?? 'the trainer stopped unexpectedly';
    const details = tail.length > 0 && !reason.includes(tail[tail.length - 1]) ? `\n${tail.join('\n')}` : '';
    void vscode.window.showErrorMessage(`GenLab: ${run.name} failed: ${reason}${details}`, 'Open Log').then((answer) => {
      if (answer === 'Open Log') showLog();
    });
  });
}
