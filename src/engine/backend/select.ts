import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients: training needs them registered once.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { existsSync } from 'node:fs';
import type { AdapterInfo } from '../../shared/protocol';
import { requireNative } from './nativeModules';
import { decideThreads, type ThreadDecision, type ThreadsSetting } from './threadPolicy';
import { initWasmBackend } from './wasm';
import { adapterLabel } from '../../shared/format';
import { dawnAdapterSource, describeAdapter, startWebgpuBackend, type AdapterSource } from './webgpu';

import type { BackendRequest, ConcreteBackend } from './names';

export interface BackendChoice {
  /** The rung of the ladder that is in use. */
  name: ConcreteBackend;
  /** The tfjs backend name underneath (`tensorflow`, `webgpu`, `wasm`, `cpu`). */
  tfBackend: string;
  /** Why each rung above the chosen one was not used (only for `auto`). */
  skipped: { name: ConcreteBackend; reason: string }[];
  /** The adapter, when the backend is `webgpu`. */
  adapter?: AdapterInfo;
  /** CPU threads the backend computes on, and why that many (wasm decides; the others report one). */
  threads: ThreadDecision;
}

export class BackendUnavailableError extends Error {}

/** What the ladder asks of the machine; tests inject their own (an adapter of their choosing, no CUDA). */
export interface MachineProbes {
  adapterSource: AdapterSource;
  cudaDriverPresent: () => boolean;
}

/** A CUDA driver is visible to this process (tfjs-node-gpu would otherwise silently run on the CPU). */
function cudaDriverPresent(): boolean {
  return existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidiactl');
}

const realMachine: MachineProbes = { adapterSource: dawnAdapterSource, cudaDriverPresent };

/** Whether `auto` may pick a GPU rung: `avoid` keeps a run on the CPU backends (a laptop on battery, a GPU busy elsewhere). */
export type GpuPreference = 'use' | 'avoid';

export interface BackendOptions {
  /** `training.threads`: only the wasm backend runs on several threads (1 when not given). */
  threads?: ThreadsSetting;
  /** Only `auto` reads it; a backend named in the config is honoured. Default: GENLAB_GPU from the environment. */
  gpu?: GpuPreference;
  probes?: MachineProbes;
}

const GPU_RUNGS: readonly ConcreteBackend[] = ['tensorflow-gpu', 'webgpu'];

/** GENLAB_GPU=avoid (set by the extension's genlab.gpu setting, or by hand on the command line); anything else: use. */
export function gpuPreferenceFromEnv(env: NodeJS.ProcessEnv = process.env): GpuPreference {
  const value = env.GENLAB_GPU?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'use' || value === 'auto') return 'use';
  if (value === 'avoid') return 'avoid';
  throw new BackendUnavailableError(`GENLAB_GPU="${env.GENLAB_GPU}" is not one of use, avoid`);
}

const ONE_THREAD: ThreadDecision = { threads: 1, reason: 'one thread' };

/** `auto` tries these in order; `webgpu` counts only on a hardware adapter there. */
export const AUTO_LADDER = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly ConcreteBackend[];

interface Started {
  tfBackend: string;
  adapter?: AdapterInfo;
  threads?: ThreadDecision;
}

async function startWebgpu(auto: boolean, probes: MachineProbes): Promise<Started> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await probes.adapterSource();
  } catch (e) {
    throw new BackendUnavailableError(`WebGPU cannot start (${(e as Error).message.split('\n')[0]})`);
  }
  if (!adapter) throw new BackendUnavailableError('no WebGPU adapter (no GPU, or no Vulkan/Metal/D3D12 driver for it)');
  const info = describeAdapter(adapter);
  if (auto && info.isFallbackAdapter) {
    throw new BackendUnavailableError(`only a software adapter (${adapterLabel(info)}), slower than the CPU backends; ` +
      'name backend "webgpu" to use it anyway');
  }
  await startWebgpuBackend(adapter);
  return { tfBackend: await activate('webgpu'), adapter: info };
}

async function startWasm(setting: ThreadsSetting): Promise<Started> {
  const decision = await decideThreads(setting);
  const threads = await initWasmBackend(decision.threads);
  const tfBackend = await activate('wasm');
  // The wasm backend is one per process: a second start keeps the first one's threads.
  return { tfBackend, threads: threads === decision.threads ? decision : { threads, reason: `${decision.reason}; already running on ${threads}` } };
}

async function tryRung(name: ConcreteBackend, auto: boolean, probes: MachineProbes, threads: ThreadsSetting): Promise<Started> {
  switch (name) {
    case 'tensorflow-gpu':
      if (!probes.cudaDriverPresent()) throw new BackendUnavailableError('no CUDA driver found (/proc/driver/nvidia)');
      loadNative('@tensorflow/tfjs-node-gpu');
      return { tfBackend: await activate('tensorflow') };
    case 'webgpu':
      return startWebgpu(auto, probes);
    case 'tensorflow':
      loadNative('@tensorflow/tfjs-node');
      return { tfBackend: await activate('tensorflow') };
    case 'wasm':
      return startWasm(threads);
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return { tfBackend: await activate('cpu') };
  }
}

function loadNative(pkg: string): void {
  try {
    requireNative(pkg);
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
 * Picks the backend: `auto` walks the ladder CUDA → WebGPU on a hardware adapter → native CPU → wasm (with
 * GenLab's kernels) → pure JS and records why each faster rung was skipped; an explicit name must load or fail.
 */
export async function selectBackend(request: BackendRequest, options: BackendOptions = {}): Promise<BackendChoice> {
  const probes = options.probes ?? realMachine;
  const threads = options.threads ?? 1;
  const gpu = options.gpu ?? gpuPreferenceFromEnv();
  const choice = (rung: ConcreteBackend, started: Started, skipped: BackendChoice['skipped']): BackendChoice =>
    ({ name: rung, ...started, threads: started.threads ?? ONE_THREAD, skipped });
  // Production mode: no debug checks, and no console banners interleaved with the trainer's output.
  tf.enableProdMode();
  if (request !== 'auto') {
    try {
      return choice(request, await tryRung(request, false, probes, threads), []);
    } catch (e) {
      throw new BackendUnavailableError(`backend "${request}" is not available: ${(e as Error).message}`);
    }
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const rung of AUTO_LADDER) {
    if (gpu === 'avoid' && GPU_RUNGS.includes(rung)) {
      skipped.push({ name: rung, reason: 'GPU avoided (GENLAB_GPU=avoid, the genlab.gpu setting)' });
      continue;
    }
    try {
      return choice(rung, await tryRung(rung, true, probes, threads), skipped);
    } catch (e) {
      skipped.push({ name: rung, reason: (e as Error).message });
    }
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
