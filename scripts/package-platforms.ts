// Builds platform-specific .vsix files, the way the marketplace ships extensions with native parts: each one
// carries only its own platform's binaries (webgpu's dawn.node, sharp's @img packages).
//
//   npm run package                      the current machine's target
//   npm run package -- --all             every target in scripts/vsixTargets.ts
//   npm run package -- --target win32-x64 [--target …]
//   npm run package -- --print-path      where the current machine's .vsix is written (builds nothing)
//
// npm installs sharp's package for this machine only: the other platforms' are fetched with `npm pack` (the
// registry is the one source allowed) into .scratch/platform-packages/, checked against package-lock.json's
// integrity. Each target is packaged by `vsce package --target` in a staging folder of hard links to this
// checkout, where node_modules holds that target's native packages and no others: .vscodeignore still decides
// what else goes in.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { currentTarget, REPO_ROOT, VSIX_TARGETS, vsixPath } from './vsixTargets';

const BUILD_DIR = join(REPO_ROOT, '.scratch');
const PACKAGES_CACHE = join(BUILD_DIR, 'platform-packages');
/** Top-level entries never staged: git, caches, other build output. */
const NOT_STAGED = new Set(['.git', '.cache', '.scratch', '.genlab', 'dist-test', 'node_modules']);

function run(command: string, args: string[], cwd = REPO_ROOT): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

function parseTargets(argv: string[]): string[] {
  if (argv.includes('--all')) return Object.keys(VSIX_TARGETS);
  const named = argv.flatMap((a, i) => (a === '--target' ? [argv[i + 1]] : []));
  for (const t of named) {
    if (!(t in VSIX_TARGETS)) throw new Error(`unknown --target ${t}; targets: ${Object.keys(VSIX_TARGETS).join(', ')}`);
  }
  return named.length > 0 ? named : [currentTarget()];
}

/** An @img package's pinned version and integrity, as package-lock.json records it for every platform. */
function lockedPackage(name: string): { version: string; integrity: string } {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
  const entry = lock.packages[`node_modules/@img/${name}`];
  if (!entry?.integrity) throw new Error(`package-lock.json has no pinned @img/${name}: run npm install`);
  return entry;
}

/** The unpacked folder of @img/`name`: the installed one when it is the locked version, else fetched and unpacked once. */
function platformPackage(name: string): string {
  const { version, integrity } = lockedPackage(name);
  const installed = join(REPO_ROOT, 'node_modules', '@img', name);
  if (existsSync(join(installed, 'package.json')) && JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version === version) {
    return installed;
  }
  const unpacked = join(PACKAGES_CACHE, `${name}-${version}`);
  if (existsSync(join(unpacked, 'package.json'))) return unpacked;
  mkdirSync(PACKAGES_CACHE, { recursive: true });
  const tarball = join(PACKAGES_CACHE, run('npm', ['pack', `@img/${name}@${version}`, '--pack-destination', PACKAGES_CACHE, '--silent']).trim().split('\n').pop()!);
  const [algorithm, expected] = integrity.split(/-(.*)/s);
  const actual = createHash(algorithm).update(readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    rmSync(tarball);
    throw new Error(`@img/${name}@${version}: the fetched tarball's ${algorithm} does not match package-lock.json`);
  }
  const partial = `${unpacked}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1']);
  renameSync(partial, unpacked); // whole or not at all
  rmSync(tarball);
  console.log(`fetched @img/${name}@${version}`);
  return unpacked;
}

/** Mirrors `from` into `to` with hard links (fast, no extra disk), leaving out what `skip` names (paths relative to `root`). */
function linkTree(from: string, to: string, skip: (path: string) => boolean, root = from): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (skip(relative(root, source).split('\\').join('/'))) continue;
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) linkTree(source, target, skip, root);
    else linkSync(source, target);
  }
}

/**
 * The staging folder for `target`: this checkout's files, and node_modules with only the target's native parts.
 * npm's hidden lockfile is left out, so that `npm list` (which vsce runs) reads the folders as they are.
 */
function stage(target: string, dir: string): void {
  const { webgpuDir, sharpPackages } = VSIX_TARGETS[target];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(REPO_ROOT)) {
    if (NOT_STAGED.has(entry) || entry.endsWith('.vsix') || entry === 'package.json') continue;
    const source = join(REPO_ROOT, entry);
    if (statSync(source).isDirectory()) linkTree(source, join(dir, entry), () => false);
    else linkSync(source, join(dir, entry));
  }
  // The bundles are built once for all targets (main, below): the staged manifest has no prepublish step.
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  delete manifest.scripts['vscode:prepublish'];
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const otherNative = (path: string) => path === '.package-lock.json' || /^@img\/sharp-/.test(path)
    || (path.startsWith('webgpu/dist/') && path.split('/').length === 3 && path.split('/')[2] !== webgpuDir);
  linkTree(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), otherNative);
  for (const name of sharpPackages) linkTree(platformPackage(name), join(dir, 'node_modules', '@img', name), () => false);
}

function packageTarget(target: string): number {
  const dir = join(BUILD_DIR, 'vsix-staging', target);
  stage(target, dir);
  const out = vsixPath(target);
  run(process.execPath, [join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--target', target, '--out', out,
    '--allow-missing-repository', '--no-rewrite-relative-links'], dir);
  rmSync(dir, { recursive: true, force: true });
  return statSync(out).size;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--print-path')) {
    console.log(vsixPath(currentTarget()));
    return;
  }
  const targets = parseTargets(argv);
  run(process.execPath, [join(REPO_ROOT, 'esbuild.mjs'), '--production']);
  const sizes = targets.map((t) => ({ target: t, path: vsixPath(t), megabytes: Number((packageTarget(t) / 1e6).toFixed(1)) }));
  for (const s of sizes) console.log(`${s.target}\t${s.megabytes} MB\t${s.path}`);
}

try {
  main();
} catch (error) {
  console.error(`package-platforms: ${(error as Error).message}`);
  process.exit(1);
}
