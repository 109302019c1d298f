import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Workspace settings: the web workbench keeps user settings in the browser, so these go in the folder. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
};

/**
 * A fresh folder for the tests to open, holding the example configs (the tests add their own).
 * `settings` are added to its .vscode/settings.json.
 */
export function prepareTestWorkspace(settings = {}) {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'genlab-test-workspace-'));
  for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.genlab.json'))) {
    cpSync(join(root, 'examples', file), join(dir, file));
  }
  writeWorkspaceSettings(dir, settings);
  return dir;
}

/** (Re)writes the workspace settings; the workbench applies a change at once (e.g. a colour theme). */
export function writeWorkspaceSettings(dir, settings) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
}
