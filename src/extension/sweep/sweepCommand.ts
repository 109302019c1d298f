import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { GenlabServices } from '../context';
import { openSweepPanel } from './sweepPanel';

/** The sweep folder the CLI names on its first line: `sweep NAME: … → DIR`. */
const FOLDER_LINE = /^sweep [^:]+: .* → (.+)$/m;

/**
 * GenLab: Sweep — runs `genlab sweep <config>` (the bundled CLI in VS Code's Node, like a trainer) in the
 * config's workspace folder, its output in the GenLab channel, and opens the sweep panel on its folder.
 * Resolves with the sweep folder and the CLI's exit code when the sweep ends.
 */
export async function sweepCommand(services: GenlabServices, uri?: vscode.Uri): Promise<{ dir?: string; code: number | null } | undefined> {
  const config = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!config || !config.fsPath.endsWith('.genlab.json')) {
    void vscode.window.showInformationMessage('GenLab: open a *.genlab.json config with a "sweep" section to sweep it.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) throw new Error('sweeps run the trainer: trust this workspace first');
  const cwd = vscode.workspace.getWorkspaceFolder(config)?.uri.fsPath ?? dirname(config.fsPath);
  const cli = services.extension.asAbsolutePath('dist/cli.js');
  services.log.info(`sweep: ${process.execPath} ${cli} sweep ${config.fsPath}   (in ${cwd})`);
  const child = spawn(process.execPath, [cli, 'sweep', config.fsPath], { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  let stdout = '';
  let dir: string | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    for (const line of chunk.toString().split('\n').filter(Boolean)) services.log.info(`sweep: ${line}`);
    const found = dir === undefined ? FOLDER_LINE.exec(stdout)?.[1] : undefined;
    if (found) {
      dir = found.trim();
      openSweepPanel(services, dir);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => services.log.error(`sweep: ${chunk.toString().trimEnd()}`));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (dir) openSweepPanel(services, dir);
  if (code !== 0) void vscode.window.showWarningMessage(`GenLab: the sweep ended with exit code ${code}; see the GenLab output.`);
  return { dir, code };
}
