import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients: training needs them registered once.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initWasmBackend } from './wasm';

import type { BackendRequest, ConcreteBackend } from './names';

export interface BackendChoice {
  /** The rung of the ladder that is in use. */
  name: ConcreteBackend;
  /** The tfjs backend name underneath (`tensorflow`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Why each rung above the chosen one was not used (only for `auto`). */
  skipped: { name: ConcreteBackend; reason: string }[];
}

export class BackendUnavailableError extends Error {}

/**
 * Folders searched for the optional native packages besides the usual Node resolution: the
 * extension's "Install Native Backend" command installs them under GENLAB_NATIVE_MODULES.
 */
function nativeSearchPaths(): string[] {
  const extra = process.env.GENLAB_NATIVE_MODULES;
  return extra ? [extra, join(extra, 'node_modules')] : [];
}

function requireOptional(pkg: string): unknown {
  const req = createRequire(__filename);
  const resolved = req.resolve(pkg, { paths: [...nativeSearchPaths(), process.cwd(), __dirname] });
  return req(resolved);
}

/** A CUDA driver is visible to this process (tfjs-node-gpu would otherwise silently run on the CPU). */
function cudaDriverPresent(): boolean {
  return existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidiactl');
}

async function tryRung(name: ConcreteBackend): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
      if (!cudaDriverPresent()) throw new BackendUnavailableError('no CUDA driver found (/proc/driver/nvidia)');
      loadNative('@tensorflow/tfjs-node-gpu');
      return activate('tensorflow');
    case 'tensorflow':
      loadNative('@tensorflow/tfjs-node');
      return activate('tensorflow');
    case 'wasm':
      await initWasmBackend();
      return activate('wasm');
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return activate('cpu');
  }
}

function loadNative(pkg: string): void {
  try {
    requireOptional(pkg);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new BackendUnavailableError(`${pkg} is not installed or cannot load (${msg})`);
  }
}

async function activate(tfName: string): Promise<string> {
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new BackendUnavailableError(`tfjs backend '${tfName}' failed to initialize`);
  await tf.ready();
  return tfName;
}

/**
 * Picks the backend: `auto` walks the ladder GPU → native CPU → wasm (with GenLab's kernels) →
 * pure JS and records why each faster rung was skipped; an explicit name must load or fail.
 */
export async function selectBackend(request: BackendRequest): Promise<BackendChoice> {
  // Production mode: no debug checks, and no console banners interleaved with the trainer's output.
  tf.enableProdMode();
  if (request !== 'auto') {
    try {
      return { name: request, tfBackend: await tryRung(request), skipped: [] };
    } catch (e) {
      throw new BackendUnavailableError(`backend "${request}" is not available: ${(e as Error).message}`);
    }
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const rung of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const) {
    try {
      return { name: rung, tfBackend: await tryRung(rung), skipped };
    } catch (e) {
      skipped.push({ name: rung, reason: (e as Error).message });
    }
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
