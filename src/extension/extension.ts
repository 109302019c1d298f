import { bundleStartedAt, bundleStartedCpu } from './util/loadClock'; // first: see there
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { workspaceFolderPaths } from './commands/runCommands';
import type { GenlabServices } from './context';
import { registerConfigCodeLens } from './editor/configCodeLens';
import { ConfigDiagnostics } from './editor/configDiagnostics';
import { PanelManager } from './panel/panelManager';
import { RunManager } from './runs/runManager';
import { notifyRunFailures } from './runs/runNotifications';
import { TrainingStatusBar } from './statusBar';
import { createLog } from './util/log';
import { throttle } from './util/throttle';
import { ConfigsTreeProvider } from './views/configsTree';
import { RunsTreeProvider } from './views/runsTree';

/** Every import above has been evaluated by now. */
const bundleLoadedAt = performance.now();
const bundleLoadCpu = process.cpuUsage(bundleStartedCpu);

/** What `activate` returns (`vscode.extensions.getExtension('genlab.genlab').exports`): used by the tests. */
export interface GenlabApi {
  runs: RunManager;
  panels: PanelManager;
  diagnostics: ConfigDiagnostics;
  /** The Runs view's items, as the sidebar shows them. */
  runsView: RunsTreeProvider;
  /**
   * What activation cost, as VS Code counts it (Developer: Show Running Extensions): evaluating the bundle's
   * modules plus running activate(); the wait in between is the extension host's scheduling, not ours.
   * `cpu` is the extension host's CPU time over the same two spans: the cost itself, which a machine busy
   * starting the workbench beside us does not inflate.
   */
  activationMs: { load: number; activate: number; total: number; cpu: number };
}

export function activate(context: vscode.ExtensionContext): GenlabApi {
  const activateStartedAt = performance.now();
  const activateStartedCpu = process.cpuUsage();
  const log = createLog();
  const runs = new RunManager(context.asAbsolutePath('dist/cli.js'), context.globalStorageUri.fsPath, log);
  runs.refreshFromDisk(workspaceFolderPaths());
  const panels = new PanelManager(runs, context.extensionUri, log);
  const diagnostics = new ConfigDiagnostics();
  const services: GenlabServices = { extension: context, runs, panels, diagnostics, log };

  // Runs written by other processes (the CLI in a terminal, another window, a sweep's trials) appear as their summaries change.
  const summaries = vscode.workspace.createFileSystemWatcher('{**/.genlab/runs/*/summary.json,**/.genlab/runs/*/*/summary.json}');
  const rescan = throttle(() => runs.refreshFromDisk(workspaceFolderPaths()), 2000);
  summaries.onDidCreate(rescan);
  summaries.onDidChange(rescan);
  summaries.onDidDelete(rescan);

  const runsView = new RunsTreeProvider(runs);
  context.subscriptions.push(
    log, runs, panels, diagnostics, summaries, { dispose: () => rescan.dispose() },
    ...registerCommands(services),
    registerConfigCodeLens(),
    ...registerTree('genlab.runs', runsView),
    ...registerTree('genlab.configs', new ConfigsTreeProvider()),
    new TrainingStatusBar(runs),
    notifyRunFailures(runs, () => log.show(true)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => runs.refreshFromDisk(workspaceFolderPaths())),
  );
  // Nothing to do in deactivate: disposing the subscriptions stops running trainers, which checkpoint first.
  const load = bundleLoadedAt - bundleStartedAt;
  const activateMs = performance.now() - activateStartedAt;
  const activateCpu = process.cpuUsage(activateStartedCpu);
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const activationMs = { load, activate: activateMs, total: load + activateMs, cpu: cpuMs(bundleLoadCpu) + cpuMs(activateCpu) };
  log.info(`GenLab activated: modules ${load.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms`);
  return { runs, panels, diagnostics, runsView, activationMs };
}

function registerTree<T>(id: string, provider: vscode.TreeDataProvider<T> & vscode.Disposable): vscode.Disposable[] {
  return [provider, vscode.window.registerTreeDataProvider(id, provider)];
}
