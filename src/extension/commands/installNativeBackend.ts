import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GenlabServices } from '../context';

export type NativeVariant = 'cpu' | 'gpu';

export interface InstallResult {
  ok: boolean;
  /** What npm said: its error lines when it failed. */
  message: string;
}

const PACKAGES: Record<NativeVariant, string> = { cpu: '@tensorflow/tfjs-node', gpu: '@tensorflow/tfjs-node-gpu' };
const ERROR_LINES_SHOWN = 4;

/**
 * GenLab: Install Native Backend — installs tfjs-node (or -gpu, for CUDA) into the extension's global storage,
 * which the trainer searches (GENLAB_NATIVE_MODULES). Both packages download libtensorflow at install time, so
 * without internet access npm fails: its own message is shown.
 */
export async function installNativeBackendCommand(services: GenlabServices, options: { variant?: NativeVariant } = {}): Promise<InstallResult | undefined> {
  const variant = options.variant ?? (await vscode.window.showQuickPick([
    { label: 'CPU', description: PACKAGES.cpu, detail: 'Native TensorFlow on the CPU (several times faster than wasm).', variant: 'cpu' as const },
    { label: 'GPU (CUDA)', description: PACKAGES.gpu, detail: 'Needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1.', variant: 'gpu' as const },
  ], { placeHolder: 'Native TensorFlow backend to install' }))?.variant;
  if (!variant) return undefined;
  const tfjsVersion = (services.extension.extension.packageJSON as { dependencies: Record<string, string> }).dependencies['@tensorflow/tfjs-core'];
  const spec = `${PACKAGES[variant]}@${tfjsVersion}`;
  const dir = services.extension.globalStorageUri.fsPath;
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ private: true, name: 'genlab-native-backends' }) + '\n');
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GenLab: installing ${spec}…` },
    () => runNpm(['install', '--no-audit', '--no-fund', '--save-exact', spec], dir, services),
  );
  if (result.ok) {
    void vscode.window.showInformationMessage(`GenLab: installed ${spec}. Runs with backend "auto" now use it.`);
  } else {
    void vscode.window.showErrorMessage(`GenLab: npm could not install ${spec}: ${result.message}`, 'Open Log').then((answer) => {
      if (answer === 'Open Log') services.log.show();
    });
  }
  return result;
}

function runNpm(args: string[], cwd: string, services: GenlabServices): Promise<InstallResult> {
  const { log } = services;
  log.info(`npm ${args.join(' ')}   (in ${cwd})`);
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, shell: process.platform === 'win32' });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter((l) => l.trim())) {
        lines.push(line);
        log.info(`npm: ${line}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => resolve({ ok: false, message: `could not run npm (${e.message}); is Node.js installed and on PATH?` }));
    child.on('close', (code) => {
      if (code === 0) return resolve({ ok: true, message: lines.slice(-1)[0] ?? 'installed' });
      resolve({ ok: false, message: npmErrorSummary(lines) || `npm exited with code ${code}` });
    });
  });
}

/**
 * npm's own explanation, short: the error an install script threw (`Error: getaddrinfo ENOTFOUND …`), the
 * script that threw it and what it was fetching; else npm's first error lines.
 */
export function npmErrorSummary(lines: readonly string[]): string {
  const errors = lines.filter((l) => /^npm (error|ERR!)/.test(l)).map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim());
  const thrown = errors.find((l) => /^\w*Error: /.test(l));
  const script = errors.find((l) => l.startsWith('command sh -c ') || l.startsWith('command cmd'))?.replace(/^command (sh -c |cmd \/d \/s \/c )/, '');
  const url = errors.find((l) => /^https?:\/\/\S+$/.test(l));
  if (thrown) return [thrown, script && `in \`${script}\``, url && `fetching ${url}`].filter(Boolean).join(', ');
  return errors
    .filter((l) => l && !/complete log of this run|^code \w+$|^path \//.test(l))
    .slice(0, ERROR_LINES_SHOWN)
    .join(' — ');
}
