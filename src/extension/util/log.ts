import * as vscode from 'vscode';

/** The `GenLab` output channel: the trainer's output and the extension's own notes, one place to look. */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('GenLab', { log: true });
}
