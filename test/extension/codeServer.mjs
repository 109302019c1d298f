// Installs and starts the VS Code server shipped in the `code-server` npm package, and a headless Chromium,
// on a machine that reaches only the npm registry and Debian apt (see /work/shared/notes/real-vscode-tests.md).
// Used by the extension-host suite runner (runInCodeServer.mjs) and the end-to-end test (test/e2e/).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** 4.99.x (VS Code 1.99.3) is the last code-server that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.99.4';
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const CACHE_DIR = join(REPO_ROOT, '.cache', 'code-server');
const PACKAGE_DIR = join(CACHE_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = join(PACKAGE_DIR, 'lib', 'vscode');
const SERVER_MAIN = join(VSCODE_DIR, 'out', 'server-main.js');
/** Written last, so a half-finished install is redone rather than used. */
const INSTALLED_MARKER = join(CACHE_DIR, `installed-${CODE_SERVER_VERSION}`);
export const CHROMIUM = '/usr/bin/chromium';

function log(message) {
  process.stderr.write(`[code-server] ${message}\n`);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

function debianPackageInstalled(name) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed');
}

/** Installs the Debian packages that are missing (as root, which is how these machines run). */
export function ensureDebianPackages(names) {
  const missing = names.filter((n) => !debianPackageInstalled(n));
  if (missing.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', ...missing], { env });
}

/**
 * Installs code-server into .cache/code-server unless it is already there. A plain `npm install code-server`
 * fails here in four places, so the install is done in steps:
 *  1. extract every package without running install scripts;
 *  2. put Debian's `rg` where @vscode/ripgrep's postinstall would download it (it skips when `bin/` exists);
 *  3. run the install scripts (native builds), as root with `unsafe_perm`, and with `yes=true` because node-pty's
 *     build runs `npx node-gyp` and this machine's npm config says `yes=false`; kerberos needs libkrb5-dev.
 */
export function ensureCodeServer() {
  if (existsSync(INSTALLED_MARKER) && existsSync(SERVER_MAIN)) return;
  const started = Date.now();
  ensureDebianPackages(['libkrb5-dev', 'pkg-config', 'ripgrep', 'build-essential', 'python3']);
  rmSync(CACHE_DIR, { recursive: true, force: true });
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(join(CACHE_DIR, 'package.json'), JSON.stringify({ private: true, name: 'genlab-code-server' }) + '\n');
  const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_audit: 'false',
    npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const npm = (args, cwd) => run('npm', args, { cwd, env });

  npm(['install', '--no-save', '--ignore-scripts', '--omit=dev', `code-server@${CODE_SERVER_VERSION}`], CACHE_DIR);
  npm(['rebuild', 'argon2'], CACHE_DIR); // code-server's one native module (its own postinstall is done below, by hand)
  npm(['install', '--ignore-scripts', '--omit=dev'], VSCODE_DIR);
  const ripgrepBin = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(ripgrepBin, { recursive: true });
  copyFileSync('/usr/bin/rg', join(ripgrepBin, 'rg'));
  npm(['rebuild', '--omit=dev'], VSCODE_DIR); // kerberos, node-pty, spdlog, @parcel/watcher, …
  // What code-server's own postinstall does after its install: VS Code looks for node_modules.asar.
  const asar = join(VSCODE_DIR, 'node_modules.asar');
  if (!existsSync(asar)) symlinkSync('node_modules', asar);
  npm(['install', '--omit=dev'], join(VSCODE_DIR, 'extensions')); // typescript for the built-in TS extension
  if (!existsSync(SERVER_MAIN)) throw new Error(`code-server installed but ${SERVER_MAIN} is missing`);
  writeFileSync(INSTALLED_MARKER, new Date().toISOString() + '\n');
  log(`installed code-server ${CODE_SERVER_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export function ensureChromium() {
  if (!existsSync(CHROMIUM)) ensureDebianPackages(['chromium']);
}

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited early with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/version`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`VS Code server did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts VS Code's server (out/server-main.js: only it accepts --enable-smoke-test-driver, which makes the
 * workbench honour the test payload) bound to loopback, with no auth, every folder trusted unless
 * `trustWorkspaces` is false (to test Restricted Mode), and every state folder private. `env` reaches the extension host and so the
 * trainer: the payload's extensionEnvironment has no effect. `installExtensions` (.vsix files) are installed first,
 * as a user would install a packaged extension. The web workbench keeps user settings in the browser, not on
 * the server: put settings in the workspace (prepareTestWorkspace). Returns the server and a stop() that kills its
 * whole process group.
 */
export async function startServer({ env = {}, trustWorkspaces = true, installExtensions = [] } = {}) {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'genlab-vscode-'));
  const dirs = {
    serverData: join(home, 'server-data'),
    userData: join(home, 'user-data'),
    extensions: join(home, 'extensions'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const serverEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_RUNTIME_DIR: join(home, '.run'),
    VSCODE_AGENT_FOLDER: dirs.serverData,
    ...env,
  };
  const stateArgs = ['--server-data-dir', dirs.serverData, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const vsix of installExtensions) {
    run(process.execPath, [SERVER_MAIN, '--install-extension', vsix, ...stateArgs], { env: serverEnv });
  }
  const args = [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry',
    ...(trustWorkspaces ? ['--disable-workspace-trust'] : []), ...stateArgs];
  const verbose = process.env.GENLAB_TEST_VERBOSE === '1';
  const child = spawn('setsid', [process.execPath, ...args], {
    env: serverEnv, stdio: ['ignore', verbose ? 'inherit' : 'pipe', verbose ? 'inherit' : 'pipe'],
  });
  const serverLog = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk) => {
      serverLog.push(String(chunk));
      if (serverLog.length > 400) serverLog.shift();
    });
  }
  const stop = () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL'); // setsid made the server a group leader: take its children too
    } catch {
      // already gone
    }
  };
  try {
    await waitForHealth(port, child, 30_000);
  } catch (e) {
    stop();
    process.stderr.write(serverLog.join(''));
    throw e;
  }
  return {
    port, home, dirs, child, stop,
    serverLog: () => serverLog.join(''),
    /** A path on this machine as the workbench addresses it. */
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${resolve(path)}`,
    cleanUp: () => {
      stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The workbench URL that opens `folder` and, when given, runs an extension's tests (`payload`). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)]);
  const query = new URLSearchParams({ folder: resolve(folder) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${server.port}/?${query}`;
}

/** Headless Debian Chromium through playwright-core, with a fresh profile and no background traffic. */
export async function launchChromium() {
  ensureChromium();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'genlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
