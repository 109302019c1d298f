import type * as vscode from 'vscode';
import type { ConfigDiagnostics } from './editor/configDiagnostics';
import type { PanelManager } from './panel/panelManager';
import type { RunManager } from './runs/runManager';
import type { Log } from './util/log';

/** The long-lived parts of the extension that commands work with. */
export interface GenlabServices {
  extension: vscode.ExtensionContext;
  runs: RunManager;
  panels: PanelManager;
  diagnostics: ConfigDiagnostics;
  log: Log;
}
