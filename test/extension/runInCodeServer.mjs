// Runs the extension-host suite (test/extension/suite) inside a real VS Code: the server from the `code-server`
// npm package, driven by headless Chromium, the way VS Code's own web integration tests run. What `npm test` and
// CI use; machines that can download VS Code can use runTestElectron.ts instead.
//
//   node test/extension/build.mjs && node test/extension/runInCodeServer.mjs [--untrusted] [--grep PATTERN]
//
// --untrusted: workspace trust on and the folder untrusted, to check that Train refuses (tests tagged so).
// Exit status: the suite's (0 all passed), or 1 when it could not run at all.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { ensureCodeServer, launchChromium, REPO_ROOT, startServer, workbenchUrl } from './codeServer.mjs';
import { prepareTestWorkspace } from './testWorkspace.mjs';

const SUITE_TIMEOUT_MS = 15 * 60_000;
const args = process.argv.slice(2);
const untrusted = args.includes('--untrusted');
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : undefined;

async function main() {
  const suiteIndex = join(REPO_ROOT, 'dist-test', 'extension', 'suite', 'index.js');
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run node test/extension/build.mjs first`);
  ensureCodeServer();
  const workspace = prepareTestWorkspace();
  // Variables for the extension host (and the trainers it starts) must be set on the server process.
  const env = { GENLAB_TEST_GREP: grep ?? (untrusted ? 'workspace trust' : ''), GENLAB_TEST_UNTRUSTED: untrusted ? '1' : '' };
  const server = await startServer({ env, trustWorkspaces: !untrusted });
  const browser = await launchChromium();
  let exitCode = 1;
  try {
    const page = await browser.context.newPage();
    const finished = new Promise((resolve) => {
      // The workbench reports the suite's end (and its logs) through these page functions.
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => printLog(type, args));
    page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
    const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suiteIndex });
    console.log(`[extension tests] VS Code ${server.port} · workspace ${workspace}${untrusted ? ' · untrusted' : ''}`);
    await page.goto(url);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
    const outcome = await Promise.race([finished, timeout]);
    if (outcome === 'timeout') {
      console.error(`[extension tests] no result after ${SUITE_TIMEOUT_MS / 60_000} min`);
      process.stderr.write(server.serverLog());
    } else {
      exitCode = Number(outcome);
    }
  } finally {
    await browser.close();
    server.cleanUp();
    rmSync(workspace, { recursive: true, force: true });
  }
  return exitCode;
}

/** The workbench's own chatter, expected offline (GENLAB_TEST_VERBOSE=1 shows it). */
const WORKBENCH_NOISE = new RegExp('^(Resolving connection token|Resolved connection token|Creating a socket|Creation of ' +
  'workbench contribution|ChatSessionStore|Updating additional builtin|\\[Service Worker\\]|getaddrinfo ENOTFOUND|' +
  'DialogService: refused|Failed to load resource)');

/** The workbench forwards the extension host's console (mocha's reporter) here. */
function printLog(type, args) {
  // Arguments come as console.log got them: a printf-style format string first.
  const text = format(...(Array.isArray(args) ? args : [args]));
  if (WORKBENCH_NOISE.test(text) && process.env.GENLAB_TEST_VERBOSE !== '1') return;
  (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
}

main().then(
  (code) => {
    console.log(`[extension tests] ${code === 0 ? 'PASSED' : `FAILED (exit ${code})`}`);
    process.exit(code);
  },
  (error) => {
    console.error(`[extension tests] could not run: ${error.stack ?? error}`);
    process.exit(1);
  },
);
