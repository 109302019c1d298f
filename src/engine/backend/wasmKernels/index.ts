import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './batchMatMul';
import { conv2DBackpropFilterConfig } from './conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './conv2DBackpropInput';
import { fusedMatMulConfig } from './fusedMatMul';
import { forgetReplacedStockKernels, rememberReplacedStockKernel } from './wasmCalls';
import { enableSimdKernels } from '../simdKernels/instance';

/**
 * GenLab's kernels for the tfjs wasm backend: they replace stock kernels that are slow or wrong in
 * Node (transposed and batched matMul, fused matMul with a bias, the input gradient of a conv) and
 * add the one it lacks (the filter gradient of a conv). Each lives in its own file with checks
 * against the `cpu` backend in test/unit/wasmKernels.test.ts. GenLab's own SIMD kernels (../simdKernels, built
 * from C) go on and off with them.
 */
const genlabKernels: tf.KernelConfig[] = [
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
];

let registered = false;

/** Registers GenLab's kernels over the stock ones; the stock ones stay reachable to GenLab's. */
export function registerGenlabWasmKernels(): void {
  if (registered) return;
  enableSimdKernels(true);
  for (const config of genlabKernels) {
    const stock = tf.getKernel(config.kernelName, 'wasm');
    if (stock !== undefined) {
      rememberReplacedStockKernel(stock);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    // The stock setup binds the wasm functions the stock kernel needs; ours call the stock kernel.
    tf.registerKernel({ ...config, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
  }
  registered = true;
}

/** Puts the stock kernels back (for benchmarks that compare the two). */
export function restoreStockWasmKernels(): void {
  if (!registered) return;
  enableSimdKernels(false);
  for (const config of genlabKernels) tf.unregisterKernel(config.kernelName, 'wasm');
  for (const stock of forgetReplacedStockKernels()) tf.registerKernel(stock);
  registered = false;
}
