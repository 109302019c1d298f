// The platforms GenLab ships a .vsix for, and which native parts each one carries: webgpu's Dawn build
// (`node_modules/webgpu/dist/<dir>/`) and sharp's prebuilt packages (`node_modules/@img/<name>/`). Read by the
// packaging script (scripts/package-platforms.ts) and by the test that opens the built files (test/package/).
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';

export interface VsixTarget {
  /** The operating system and CPU the target's native binaries must be built for. */
  os: 'linux' | 'darwin' | 'win32';
  arch: 'x64' | 'arm64';
  /** The folder of node_modules/webgpu/dist/ it keeps (macOS has one universal build for both CPUs). */
  webgpuDir: string;
  /** sharp's platform packages under @img/ (on Windows libvips ships inside sharp-win32-*). */
  sharpPackages: string[];
}

export const VSIX_TARGETS: Record<string, VsixTarget> = {
  'linux-x64': { os: 'linux', arch: 'x64', webgpuDir: 'linux-x64', sharpPackages: ['sharp-linux-x64', 'sharp-libvips-linux-x64'] },
  'linux-arm64': { os: 'linux', arch: 'arm64', webgpuDir: 'linux-arm64', sharpPackages: ['sharp-linux-arm64', 'sharp-libvips-linux-arm64'] },
  'darwin-arm64': { os: 'darwin', arch: 'arm64', webgpuDir: 'darwin-universal', sharpPackages: ['sharp-darwin-arm64', 'sharp-libvips-darwin-arm64'] },
  'darwin-x64': { os: 'darwin', arch: 'x64', webgpuDir: 'darwin-universal', sharpPackages: ['sharp-darwin-x64', 'sharp-libvips-darwin-x64'] },
  'win32-x64': { os: 'win32', arch: 'x64', webgpuDir: 'win32-x64', sharpPackages: ['sharp-win32-x64'] },
};

export const REPO_ROOT = resolve(__dirname, '..');

/** The target of the machine this runs on; a clear error where GenLab has none (e.g. Alpine's musl, 32-bit). */
export function currentTarget(): string {
  const name = `${process.platform}-${process.arch}`;
  const musl = process.platform === 'linux' && !(process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })?.header?.glibcVersionRuntime;
  if (!(name in VSIX_TARGETS) || musl) {
    throw new Error(`no GenLab .vsix target for this machine (${name}${musl ? ', musl' : ''}); targets: ${Object.keys(VSIX_TARGETS).join(', ')}`);
  }
  return name;
}

/** Where the .vsix for `target` is written: vsce's own naming for platform packages, in the repository root. */
export function vsixPath(target: string): string {
  const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(REPO_ROOT, `${name}-${target}-${version}.vsix`);
}
