import * as vscode from 'vscode';
import type { RunManager } from '../runs/runManager';
import type { Log } from '../util/log';
import { runIdFromTitle } from './panelTitle';
import { panelResourceRoots, RUN_PANEL_VIEW_TYPE, RunPanel, type RunPanelTarget } from './runPanel';

/** One panel per run, opened beside the editor, and brought back after a window reload by a serializer. */
export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();
  private readonly serializer: vscode.Disposable;

  constructor(private readonly runs: RunManager, private readonly extensionUri: vscode.Uri, private readonly log: Log) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
    });
  }

  get(runId: string): RunPanel | undefined {
    return this.panels.get(runId);
  }

  /** Shows a run's panel beside the editor, creating it if needed. */
  open(target: RunPanelTarget, options: { preserveFocus?: boolean } = {}): RunPanel {
    const existing = this.panels.get(target.runId);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus ?? true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      RUN_PANEL_VIEW_TYPE,
      target.runId,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? true },
      { enableScripts: true, localResourceRoots: panelResourceRoots(this.extensionUri, [target.runDir]) },
    );
    return this.adopt(panel, target);
  }

  dispose(): void {
    this.serializer.dispose();
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  /**
   * The page saved `{ runId, … }` with setState (webview/model/panelState.ts); that says which run it showed. A page
   * whose state did not reach VS Code (closed or reloading as the window went) still has its title, `GenLab: <runId>`.
   */
  private restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = typeof state === 'object' && state !== null ? (state as { runId?: unknown }).runId : undefined;
    const runId = typeof saved === 'string' ? saved : runIdFromTitle(panel.title);
    const run = typeof runId === 'string' ? this.runs.get(runId) : undefined;
    if (!run?.runId || !run.runDir) {
      this.log.warn(`could not restore a GenLab panel: run ${String(runId)} is gone`);
      panel.dispose();
      return;
    }
    this.adopt(panel, { runId: run.runId, runDir: run.runDir });
  }

  private adopt(panel: vscode.WebviewPanel, target: RunPanelTarget): RunPanel {
    const runPanel = new RunPanel(panel, target, this.runs, this.extensionUri, this.log);
    this.panels.set(target.runId, runPanel);
    runPanel.onDidDispose(() => this.panels.delete(target.runId));
    return runPanel;
  }
}
