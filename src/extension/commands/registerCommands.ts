import * as vscode from 'vscode';
import type { GenlabServices } from '../context';
import { newExperimentCommand, validateCommand } from './configCommands';
import { exportCommand } from './exportCommand';
import { installNativeBackendCommand } from './installNativeBackend';
import {
  compareRunsCommand, deleteRunCommand, openLastRunCommand, openPanelCommand, revealRunCommand, showRunsCommand,
  workspaceFolderPaths,
} from './runCommands';
import { resumeCommand, stopCommand, trainCommand } from './trainCommands';
import { sweepCommand } from '../sweep/sweepCommand';
import { openSweepPanel } from '../sweep/sweepPanel';

/**
 * Every command in package.json `contributes.commands`, by id. Each returns what it did (a run id, a file,
 * issues), which keeps them scriptable and testable.
 */
export function registerCommands(services: GenlabServices): vscode.Disposable[] {
  const commands: Record<string, (...args: never[]) => unknown> = {
    'genlab.newExperiment': newExperimentCommand,
    'genlab.train': (uri?: vscode.Uri, options?: Parameters<typeof trainCommand>[2]) => trainCommand(services, uri, options),
    'genlab.stop': (target?: Parameters<typeof stopCommand>[1]) => stopCommand(services, target),
    'genlab.resume': (target?: Parameters<typeof resumeCommand>[1]) => resumeCommand(services, target),
    'genlab.openPanel': (target?: Parameters<typeof openPanelCommand>[1]) => openPanelCommand(services, target),
    'genlab.showRuns': () => showRunsCommand(services),
    'genlab.export': (target?: Parameters<typeof exportCommand>[1], options?: Parameters<typeof exportCommand>[2]) =>
      exportCommand(services, target, options),
    'genlab.installNativeBackend': (options?: Parameters<typeof installNativeBackendCommand>[1]) =>
      installNativeBackendCommand(services, options),
    'genlab.validate': (uri?: vscode.Uri) => validateCommand(services, uri),
    'genlab.openLastRun': (uri?: vscode.Uri) => openLastRunCommand(services, uri),
    'genlab.deleteRun': (target?: Parameters<typeof deleteRunCommand>[1], options?: Parameters<typeof deleteRunCommand>[2]) =>
      deleteRunCommand(services, target, options),
    'genlab.revealRun': (target?: Parameters<typeof revealRunCommand>[1]) => revealRunCommand(services, target),
    'genlab.compareRuns': (target?: Parameters<typeof compareRunsCommand>[1], others?: string[]) =>
      compareRunsCommand(services, target, others),
    'genlab.sweep': (uri?: vscode.Uri) => sweepCommand(services, uri),
    'genlab.openSweep': (dir: string) => openSweepPanel(services, dir),
    'genlab.refreshRuns': () => services.runs.refreshFromDisk(workspaceFolderPaths()),
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: never[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      services.log.error(`${id}: ${(e as Error).stack ?? e}`);
      void vscode.window.showErrorMessage(`GenLab: ${(e as Error).message}`);
      return undefined;
    }
  }));
}
