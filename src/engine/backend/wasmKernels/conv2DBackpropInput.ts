import * as tf from '@tensorflow/tfjs-core';
import { perResidueConvs, planPerResidue } from './perResidueConvs';
import { planStacked, stackedResidueConv } from './stackedResidueConv';
import { withWasmCalls } from './wasmCalls';

/**
 * Why: the stock wasm Conv2DBackpropInput — the input gradient of every conv and the forward pass
 * of every transposed conv (a DCGAN generator is made of them) — is a direct loop at ≈1.2–1.5
 * GFLOP/s here. This kernel computes it with the backend's fast conv2d (XNNPACK) by sub-pixel
 * decomposition: the output pixels with the same position modulo the stride form an ordinary
 * stride-1 conv of dy with some of W's taps. Two ways to arrange the convs (see their files):
 * one conv for all residues, which computes whole stride-sized blocks, or one conv per residue,
 * which computes only dx's pixels but copies more; the second wins where the first's partial
 * blocks add more than a tenth to the work. Layouts neither handles go to the stock kernel.
 */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const stacked = dataFormat === 'NHWC' ? planStacked(info) : null;
    const perResidue = dataFormat === 'NHWC' ? planPerResidue(info) : null;
    return withWasmCalls(backend, (wasm) => {
      if (perResidue !== null && (stacked === null || stacked.extraWork > 0.1)) {
        return perResidueConvs(wasm, dy, filter, info, perResidue);
      }
      if (stacked !== null) return stackedResidueConv(wasm, dy, filter, info, stacked);
      return wasm.run(tf.Conv2DBackpropInput, inputs, attrs);
    });
  },
};
