import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 * `settings` are added to its .vscode/settings.json; `dir` is emptied first.
 */
export function prepareTestWorkspace(settings = {}, dir = mkdtempSync(join(tmpdir(), 'genlab-test-workspace-'))) {
  const root = resolve(import.meta.dirname, '../..');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.genlab.json'))) {
    // Their `$schema` points into the repository; here the extension's jsonValidation provides the schema.
    const config = JSON.parse(readFileSync(join(root, 'examples', file), 'utf8'));
    delete config.$schema;
    writeFileSync(join(dir, file), JSON.stringify(config, null, 2) + '\n');
  }
  writeWorkspaceSettings(dir, settings);
  return dir;
}

/** (Re)writes the workspace settings; the workbench applies a change at once (e.g. a colour theme). */
export function writeWorkspaceSettings(dir, settings) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
}
