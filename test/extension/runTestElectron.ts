/**
 * Runs the extension-host suite with @vscode/test-electron, for machines that can download VS Code (it fails at
 * once offline: use runInCodeServer.mjs there, which is what `npm test` runs).
 *
 *   node test/extension/build.mjs && npx tsx test/extension/runTestElectron.ts
 */
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  await runTests({
    version: '1.99.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist-test', 'extension', 'suite', 'index.js'),
    // The fresh copy of the examples that build.mjs made.
    launchArgs: [join(root, '.cache', 'extension-test-workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error: unknown) => {
  console.error(`extension tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
