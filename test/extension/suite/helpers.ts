import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GenlabApi } from '../../../src/extension/extension';
import type { RunInfo } from '../../../src/extension/runs/runInfo';

export const EXTENSION_ID = 'genlab.genlab';

export async function genlab(): Promise<GenlabApi> {
  const extension = vscode.extensions.getExtension<GenlabApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return extension.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Small enough to train in a few seconds on one core, real in every other way (MNIST, wasm backend). */
export const TINY_OVERRIDES = ['training.epochs=1', 'data.limit=256', 'data.testLimit=128', 'model.hidden=[32]'];

/** Writes a config into the test workspace and returns its URI. */
export function writeConfig(fileName: string, config: unknown): vscode.Uri {
  const path = join(workspaceDir(), fileName);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2) + '\n');
  return vscode.Uri.file(path);
}

export function tinyVaeConfig(name: string, overrides: { training?: object; data?: object } = {}): Record<string, unknown> {
  return {
    name,
    model: { type: 'vae', hidden: [32], latentDim: 2, manifoldSize: 8 },
    data: { source: 'mnist', limit: 256, testLimit: 128, ...overrides.data },
    training: { epochs: 1, batchSize: 64, ...overrides.training },
  };
}

/**
 * How long a new panel's page may take to say ready. In VS Code for the browser a webview's frame waits for the
 * webview service worker of its own id to take over, and that worker cannot activate while the previous one still
 * answers a resource fetch: one for a panel closed or hidden mid-load waits out the worker's 30 s timeout
 * (resolveTimeout in VS Code's pre/service-worker.js). Seen here as "Found unexpected service worker controller …
 * Waiting for controllerchange" and a page up 30 s later; neither new html nor a new webview comes up sooner.
 */
export const PAGE_READY_MS = 60_000;

/** Polls until `check` returns something truthy. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForStatus(api: GenlabApi, runId: string, statuses: RunInfo['status'][], timeoutMs = 120_000): Promise<RunInfo> {
  return waitFor(() => {
    const run = api.runs.get(runId);
    return run && statuses.includes(run.status) ? run : undefined;
  }, `run ${runId} to be ${statuses.join(' or ')}`, timeoutMs);
}
