import * as tf from '@tensorflow/tfjs-core';
import { WasmCalls } from './wasmCalls';

type Activation = tf._FusedMatMulAttrs['activation'];

/**
 * A fused op's activation as a separate stock kernel, for the products the stock fused kernel gets
 * wrong: it is applied after the bias, as the fused kernels do.
 */
export function applyActivation(
  wasm: WasmCalls,
  x: tf.TensorInfo,
  activation: Activation,
  preluActivationWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): tf.TensorInfo {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return wasm.run(tf.Relu, { x });
    case 'relu6':
      return wasm.run(tf.Relu6, { x });
    case 'elu':
      return wasm.run(tf.Elu, { x });
    case 'sigmoid':
      return wasm.run(tf.Sigmoid, { x });
    case 'leakyrelu':
      return wasm.run(tf.LeakyRelu, { x }, { alpha: leakyreluAlpha ?? 0.2 });
    case 'prelu':
      if (preluActivationWeights === undefined) throw new Error('prelu activation without prelu weights');
      return wasm.run(tf.Prelu, { x, alpha: preluActivationWeights });
  }
}
