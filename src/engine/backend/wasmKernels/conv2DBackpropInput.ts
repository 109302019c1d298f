import * as tf from '@tensorflow/tfjs-core';
import { WasmCalls, withWasmCalls } from './wasmCalls';

/**
 * Why: the stock wasm Conv2DBackpropInput — the input gradient of every conv and the forward pass
 * of every transposed conv (a DCGAN generator is made of them) — is a direct loop at ≈2–3.5
 * GFLOP/s. This kernel computes it with the backend's fast conv2d by sub-pixel decomposition.
 *
 * With t = ih + padBefore written as q·s + r, dx[ih] = Σ_j dy[q − j] · W[r + j·s]: for each residue
 * r it is a stride-1 correlation of dy with the taps r, r + s, r + 2s, … of W reversed. Stacking the
 * s_h·s_w residues as output channels makes it one conv with ceil(k/s) taps per axis (no more
 * multiply-adds than the transposed conv itself); interleaving the residue channels into space
 * (a transpose) and cropping the padding gives dx.
 */

/** How one spatial axis is decomposed. */
interface AxisPlan {
  /** Taps per residue: ceil(kernel / stride). */
  taps: number;
  /** Zeros after the kernel's end that make it `taps · stride` long. */
  kernelPadAfter: number;
  /** Padding of dy before and after for the stride-1 conv. */
  dyPadBefore: number;
  dyPadAfter: number;
  /** Where dx starts in the interleaved output. */
  cropBefore: number;
}

function planAxis(kernel: number, stride: number, padBefore: number, dxSize: number, dySize: number): AxisPlan | null {
  const taps = Math.ceil(kernel / stride);
  const firstBlock = Math.floor(padBefore / stride);
  const blocks = Math.floor((padBefore + dxSize - 1) / stride) - firstBlock + 1;
  const dyPadBefore = taps - 1 - firstBlock;
  // A padding of more than about a kernel would need dy cropped first; the stock kernel does those.
  if (dyPadBefore < 0) return null;
  return {
    taps,
    kernelPadAfter: taps * stride - kernel,
    dyPadBefore,
    dyPadAfter: Math.max(blocks - dySize + firstBlock, 0),
    cropBefore: padBefore - firstBlock * stride,
  };
}

/**
 * Rows of `x` ([n, …]) in reverse order, as J·x with J the n×n anti-identity: the wasm Reverse
 * kernel takes ≈140 ms for a 4×4×256×512 filter here, the fast matMul ≈5. Exact for finite values:
 * each output is one input times 1 plus zeros.
 */
function reverseRows(wasm: WasmCalls, x: tf.TensorInfo): tf.TensorInfo {
  const n = x.shape[0];
  const antiIdentity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) antiIdentity[i * n + (n - 1 - i)] = 1;
  const rows = wasm.reshape(x, [n, tf.util.sizeFromShape(x.shape) / n]);
  const product = wasm.run(tf.BatchMatMul, { a: wasm.constant(antiIdentity, [n, n]), b: rows }, { transposeA: false, transposeB: false });
  return wasm.reshape(product, x.shape);
}

/**
 * W [kh, kw, ci, co] → the residue-stacked filter [taps_h, taps_w, co, s_h·s_w·ci], with element
 * [i, j, co, (r_h, r_w, ci)] = W[(taps_h − 1 − i)·s_h + r_h, (taps_w − 1 − j)·s_w + r_w, ci, co].
 * Built from rank ≤ 4 transposes: the wasm Transpose and Reverse crawl through rank-6 views.
 */
function residueFilter(wasm: WasmCalls, filter: tf.TensorInfo, h: AxisPlan, w: AxisPlan, sh: number, sw: number) {
  const [, , ci, co] = filter.shape;
  const padded = wasm.pad(filter, [[0, h.kernelPadAfter], [0, w.kernelPadAfter], [0, 0], [0, 0]]);
  // [taps_h, s_h, taps_w, s_w·ci·co] → [taps_h, taps_w, s_h, s_w·ci·co]: taps outermost, residues inside.
  const tapsOuter = wasm.transpose(wasm.reshape(padded, [h.taps, sh, w.taps, sw * ci * co]), [0, 2, 1, 3]);
  // Reversing the flattened (i, j) index reverses both tap axes at once.
  const reversed = reverseRows(wasm, wasm.reshape(tapsOuter, [h.taps * w.taps, sh * sw * ci, co]));
  const stacked = wasm.transpose(reversed, [0, 2, 1]);
  return wasm.reshape(stacked, [h.taps, w.taps, co, sh * sw * ci]);
}

/** [b, rows, cols, s_h·s_w·c] → [b, rows·s_h, cols·s_w, c]: each residue channel to its pixel. */
function interleave(wasm: WasmCalls, y: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  if (sh === 1 && sw === 1) return y;
  const [b, rows, cols, depth] = y.shape;
  const c = depth / (sh * sw);
  // The lowest-rank view of the move (DepthToSpace does the same but is ≈10× slower here).
  const grouped = wasm.reshape(y, [b * rows, cols, sh, sw * c]);
  const moved = wasm.transpose(grouped, [0, 2, 1, 3]);
  return wasm.reshape(moved, [b, rows * sh, cols * sw, c]);
}

/** x[:, top : top + h, left : left + w, :]. */
function crop(wasm: WasmCalls, x: tf.TensorInfo, top: number, left: number, h: number, w: number): tf.TensorInfo {
  const [b, rows, cols, c] = x.shape;
  if (top === 0 && left === 0 && rows === h && cols === w) return x;
  return wasm.crop(x, [0, top, left, 0], [b, h, w, c]);
}

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
    const { strideHeight: sh, strideWidth: sw, padInfo } = info;
    const h = planAxis(info.filterHeight, sh, padInfo.top, info.inHeight, info.outHeight);
    const w = planAxis(info.filterWidth, sw, padInfo.left, info.inWidth, info.outWidth);
    return withWasmCalls(backend, (wasm) => {
      if (dataFormat !== 'NHWC' || h === null || w === null) return wasm.run(tf.Conv2DBackpropInput, inputs, attrs);
      const residues = residueFilter(wasm, filter, h, w, sh, sw);
      const paddings: [number, number][] = [
        [h.dyPadBefore, h.dyPadAfter],
        [w.dyPadBefore, w.dyPadAfter],
      ];
      const y = wasm.conv2d(dy, residues, [1, 1], [1, 1], paddings);
      return crop(wasm, interleave(wasm, y, sh, sw), h.cropBefore, w.cropBefore, info.inHeight, info.inWidth);
    });
  },
};
