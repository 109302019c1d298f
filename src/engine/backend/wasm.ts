import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerGenlabWasmKernels } from './wasmKernels';

/** Where the .wasm binaries are: next to the bundle (dist/wasm) or in the package itself. */
function wasmDir(): string {
  const bundled = join(__dirname, 'wasm');
  if (existsSync(join(bundled, 'tfjs-backend-wasm-simd.wasm'))) return bundled + '/';
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/';
}

let initialized = false;

/** Registers the wasm backend with GenLab's faster and missing kernels on top of the stock ones. */
export async function initWasmBackend(): Promise<void> {
  if (initialized) return;
  setWasmPaths(wasmDir());
  registerGenlabWasmKernels();
  initialized = true;
  void tf; // the backend registers itself on import of '@tensorflow/tfjs-backend-wasm'
}
