import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './matMul';
import { withWasmCalls } from './wasmCalls';

/**
 * Why: the stock wasm BatchMatMul runs transposed and batched products through a naive loop
 * (≈1–2 GFLOP/s against 10–23 for its XNNPACK path), and a dense layer's backward pass is made of
 * transposed products. This kernel routes them through the fast path (see matMul.ts).
 */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    return withWasmCalls(backend, (wasm) => matMul(wasm, a, b, transposeA, transposeB));
  },
};
