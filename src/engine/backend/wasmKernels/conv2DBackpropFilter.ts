import * as tf from '@tensorflow/tfjs-core';
import { withWasmCalls } from './wasmCalls';

/**
 * Why: the wasm backend has no Conv2DBackpropFilter, so nothing with a conv layer can train on it.
 *
 * The filter gradient dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − pad, ow·s + kw − pad, ci] ·
 * dy[b, oh, ow, co] is itself one conv2d, which the backend runs fast (XNNPACK): x with batch and
 * channel axes swapped ([ci, h, w, b]) is the input, dy as [oh, ow, b, co] is the filter, dilated by
 * the stride, and the sum over b is the conv's sum over input channels. Its output [ci, kh, kw, co]
 * transposed is dW.
 */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
    const { strideHeight, strideWidth, padInfo } = info;
    // Padding after the input that makes the dilated dy span exactly the filter's extent; negative
    // when the last rows/columns of x meet no output position: the conv then yields extra taps.
    const bottom = filterHeight + strideHeight * (outHeight - 1) - inHeight - padInfo.top;
    const right = filterWidth + strideWidth * (outWidth - 1) - inWidth - padInfo.left;
    return withWasmCalls(backend, (wasm) => {
      const xByChannel = wasm.transpose(x, [3, 1, 2, 0]);
      const dyAsFilter = wasm.transpose(dy, [1, 2, 0, 3]);
      const paddings: [number, number][] = [
        [padInfo.top, Math.max(bottom, 0)],
        [padInfo.left, Math.max(right, 0)],
      ];
      let grad = wasm.conv2d(xByChannel, dyAsFilter, [1, 1], [strideHeight, strideWidth], paddings);
      if (bottom < 0 || right < 0) {
        grad = wasm.crop(grad, [0, 0, 0, 0], [inChannels, filterHeight, filterWidth, outChannels]);
      }
      return wasm.transpose(grad, [1, 2, 0, 3]);
    });
  },
};
