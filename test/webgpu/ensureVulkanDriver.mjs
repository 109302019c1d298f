// Installs a software Vulkan driver Dawn accepts, on a Debian bookworm machine with no GPU, so the webgpu stage
// can run there. Bookworm's own Mesa 22.3 lavapipe is refused by Dawn (`shaderUniform*ArrayDynamicIndexing
// required`); Mesa 25 from bookworm-backports gives an llvmpipe adapter (isFallbackAdapter true).
// Run as `node test/webgpu/ensureVulkanDriver.mjs`; it does nothing when an adapter is already there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const BACKPORTS_SOURCE = '/etc/apt/sources.list.d/genlab-bookworm-backports.sources';
const BACKPORTS_STANZA = `Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

function log(message) {
  process.stderr.write(`[vulkan] ${message}\n`);
}

function run(command, args) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/** Asks Dawn for an adapter in a child process (a failed Vulkan load can leave the process in a bad state). */
export function probeAdapter() {
  const probe = `
    import { create, globals } from 'webgpu';
    Object.assign(globalThis, globals);
    const adapter = await create([]).requestAdapter();
    if (!adapter) { console.log('null'); process.exit(0); }
    const i = adapter.info;
    console.log(JSON.stringify({ vendor: i.vendor, architecture: i.architecture, description: i.description,
      isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter }));
    process.exit(0);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  return result.status === 0 && line.startsWith('{') ? JSON.parse(line) : null;
}

function debianCodename() {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return /^VERSION_CODENAME=(.*)$/m.exec(release)?.[1] ?? '';
}

/** Returns the adapter, installing Mesa from bookworm-backports first when there is none. */
export function ensureVulkanDriver() {
  const before = probeAdapter();
  if (before) return before;
  if (debianCodename() !== 'bookworm') {
    throw new Error('no WebGPU adapter, and this is not Debian bookworm: install a Vulkan driver (Mesa ≥ 24 lavapipe) by hand');
  }
  if (!existsSync(BACKPORTS_SOURCE)) writeFileSync(BACKPORTS_SOURCE, BACKPORTS_STANZA);
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '-t', 'bookworm-backports', 'mesa-vulkan-drivers', 'libvulkan1']);
  const after = probeAdapter();
  if (!after) throw new Error('Mesa from bookworm-backports is installed but Dawn still finds no adapter');
  return after;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const adapter = ensureVulkanDriver();
  log(`adapter: ${adapter.description || adapter.architecture} (${adapter.vendor}), fallback ${adapter.isFallbackAdapter}`);
}
