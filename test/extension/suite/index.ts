import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point of the extension-host suite (the `extensionTestsPath`), in the style @vscode/test-electron
 * expects: VS Code calls run() inside the extension host and ends the session with its outcome. The test
 * files are bundled next to this one by test/extension/build.mjs. GENLAB_TEST_GREP narrows the run.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec', grep: process.env.GENLAB_TEST_GREP || undefined });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
