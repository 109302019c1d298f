import * as tf from '@tensorflow/tfjs-core';
import * as built from './built.generated';

/** What GenLab's kernels need of tfjs-wasm's backend object. */
export interface WasmBackendMemory {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { has(dataId: object): boolean };
  getMemoryOffset(dataId: object): number;
  refCount(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

export interface SimdKernels {
  adam(out: number, w: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number, beta2: number,
    oneMinusBeta2: number, oneMinusBeta1Power: number, oneMinusBeta2Power: number, epsilon: number, negLearningRate: number): void;
}

/** Kernels per backend object: a backend that tfjs re-creates has a new memory. */
const instances = new WeakMap<object, SimdKernels>();

let enabled = true;

/** Turns GenLab's SIMD kernels off and on again (the `wasm-stock` benchmarks compare the two). */
export function enableSimdKernels(on: boolean): void {
  enabled = on;
}

/**
 * The wasm backend in use, with GenLab's kernels instantiated on its memory, or null when the backend is another
 * (or the kernels are off).
 * The one-thread build exports its memory; the threaded build keeps its shared memory on the module object.
 */
export function wasmWithSimdKernels(): { backend: WasmBackendMemory; kernels: SimdKernels } | null {
  if (!enabled || tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as WasmBackendMemory;
  let kernels = instances.get(backend);
  if (!kernels) {
    const shared = backend.wasm.wasmMemory;
    const memory = shared ?? backend.wasm.asm?.memory;
    if (!memory) throw new Error('the wasm backend exposes no memory for GenLab\'s kernels');
    const module = new WebAssembly.Module(Buffer.from(shared ? built.adam.shared : built.adam.plain, 'base64'));
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(backend, kernels);
  }
  return { backend, kernels };
}
