import * as tf from '@tensorflow/tfjs-core';
import { applyActivation } from './fusedActivation';
import { foldProduct, matMul } from './matMul';
import { withWasmCalls } from './wasmCalls';

/**
 * Why: the stock wasm _FusedMatMul adds the bias wrongly on every path but its XNNPACK one (batch 1,
 * no transpose flag): a batched 3-D input with a bias differs from `cpu` by up to 1.6, and so do
 * transposed 2-D products. It is also slow there, like BatchMatMul. This kernel hands the stock
 * kernel only products it folded into that one correct, fast case; any other product is computed
 * with GenLab's matMul, then the bias (Add) and the activation as separate kernels.
 */

/** Per-column vectors are what the stock fused kernel applies correctly on its fast path. */
function isPerColumn(t: tf.TensorInfo | undefined, columns: number): boolean {
  return t === undefined || (t.shape.length === 1 && t.shape[0] === columns);
}

export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { a, b, bias, preluActivationWeights } = inputs as tf._FusedMatMulInputs;
    const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as tf._FusedMatMulAttrs;
    return withWasmCalls(backend, (wasm) => {
      const columns = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
      const sharedB = tf.util.sizeFromShape(b.shape.slice(0, -2)) === 1;
      if (sharedB && isPerColumn(bias, columns) && isPerColumn(preluActivationWeights, columns)) {
        const folded = foldProduct(wasm, a, b, transposeA, transposeB);
        if (folded !== null) {
          const product = wasm.run(
            tf._FusedMatMul,
            { a: folded.a, b: folded.b, bias, preluActivationWeights },
            { ...attrs, transposeA: false, transposeB: false },
          );
          return folded.unfold(product);
        }
      }
      const product = matMul(wasm, a, b, transposeA, transposeB);
      const biased = bias === undefined ? product : wasm.run(tf.Add, { a: product, b: bias });
      return applyActivation(wasm, biased, activation, preluActivationWeights, leakyreluAlpha);
    });
  },
};
