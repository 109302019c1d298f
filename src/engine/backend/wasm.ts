import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerGenlabWasmKernels } from './wasmKernels';
import { prepareWasmThreads } from './wasmThreads';

const THREADED_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/** Where the .wasm binaries are: next to the bundle (dist/wasm) or in the package itself. */
function wasmDir(): string {
  const bundled = join(__dirname, 'wasm');
  if (existsSync(join(bundled, 'tfjs-backend-wasm-simd.wasm'))) return bundled + '/';
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/';
}

/** The threaded build's module script, which its pthread workers import: beside the bundle's binaries, or in the package. */
function threadedScript(): string {
  const bundled = join(__dirname, 'wasm', THREADED_SCRIPT);
  if (existsSync(bundled)) return bundled;
  return require.resolve(`@tensorflow/tfjs-backend-wasm/wasm-out/${THREADED_SCRIPT}`);
}

let initializedThreads = 0;

/**
 * Registers the wasm backend with GenLab's faster and missing kernels on top of the stock ones, on `threads`
 * threads: 1 is the single-threaded SIMD build, more the threaded one. The backend is one per process, so only
 * the first call chooses; it returns the thread count in use.
 */
export async function initWasmBackend(threads = 1): Promise<number> {
  if (initializedThreads > 0) return initializedThreads;
  setWasmPaths(wasmDir());
  const restore = threads > 1 ? prepareWasmThreads(threads, threadedScript()) : () => {};
  registerGenlabWasmKernels();
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error("tfjs backend 'wasm' failed to initialize");
  } finally {
    restore();
  }
  initializedThreads = threads > 1 ? getThreadsCount() : 1;
  return initializedThreads;
}
