import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { SweepFile } from '../../shared/protocol';
import type { GenlabServices } from '../context';
import { sweepPageHtml, trialsToCompare } from './sweepPage';

const open = new Map<string, { panel: vscode.WebviewPanel; render: () => void }>();

function readSweep(dir: string): SweepFile | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile;
  } catch {
    return null;
  }
}

/** The sweep panel of a sweep folder (one per folder): the ranked table and the metric against each swept value, redrawn as sweep.json changes. */
export function openSweepPanel(services: GenlabServices, dir: string): vscode.WebviewPanel {
  const existing = open.get(dir);
  if (existing) {
    existing.render();
    return existing.panel;
  }
  const panel = vscode.window.createWebviewPanel('genlab.sweep', `Sweep ${basename(dir)}`, vscode.ViewColumn.Beside,
    { enableScripts: true, localResourceRoots: [] });
  panel.webview.onDidReceiveMessage((message: unknown) => {
    const runs = trialsToCompare(dir, readSweep(dir), message);
    if (!runs) {
      services.log.warn(`sweep panel: ignored a message that names no two trials of ${dir}`);
      return;
    }
    services.panels.open(runs[0], { preserveFocus: false }).setCompare(runs.slice(1));
  });
  const render = () => {
    const file = readSweep(dir);
    panel.webview.html = file ? sweepPageHtml(file, randomBytes(18).toString('base64')) : `<p>No sweep.json in ${dir} yet.</p>`;
  };
  render();
  let watcher: FSWatcher | undefined;
  try {
    if (existsSync(dir)) watcher = watch(dir, (_, name) => name === 'sweep.json' && render());
  } catch (e) {
    services.log.warn(`sweep panel: cannot watch ${dir}: ${(e as Error).message}`);
  }
  open.set(dir, { panel, render });
  panel.onDidDispose(() => {
    watcher?.close();
    open.delete(dir);
  });
  return panel;
}

