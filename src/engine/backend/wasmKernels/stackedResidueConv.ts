import * as tf from '@tensorflow/tfjs-core';
import { stackedResidueFilter } from './residueFilter';
import { WasmCalls } from './wasmCalls';

/**
 * A transposed conv as one stride-1 conv whose output channels are all the stride's residues,
 * interleaved into space afterwards. With t = ih + padBefore written as q·s + r,
 * dx[ih] = Σ_j dy[q − j] · W[r + j·s]: every residue r shares the block index q, so one conv with
 * ceil(k/s) taps per axis computes whole s×s blocks of t. Blocks cut by the padding are computed
 * whole and cropped, which is wasted work where dx is small against the stride.
 */

/** How one spatial axis is decomposed. */
interface AxisPlan {
  /** Taps per residue: ceil(kernel / stride). */
  taps: number;
  /** Padding of dy before and after for the stride-1 conv. */
  dyPadBefore: number;
  dyPadAfter: number;
  /** Blocks the conv computes along this axis. */
  blocks: number;
  /** Where dx starts in the interleaved output. */
  cropBefore: number;
}

export interface StackedPlan {
  h: AxisPlan;
  w: AxisPlan;
  /** Output pixels computed per pixel of dx, minus one. */
  extraWork: number;
}

function planAxis(kernel: number, stride: number, padBefore: number, dxSize: number, dySize: number): AxisPlan | null {
  const taps = Math.ceil(kernel / stride);
  const firstBlock = Math.floor(padBefore / stride);
  const lastBlock = Math.floor((padBefore + dxSize - 1) / stride);
  const dyPadBefore = taps - 1 - firstBlock;
  // A padding of more than about a kernel would need dy cropped first; the stock kernel does those.
  if (dyPadBefore < 0) return null;
  const dyPadAfter = Math.max(lastBlock - dySize + 1, 0);
  return {
    taps,
    dyPadBefore,
    dyPadAfter,
    blocks: dySize + dyPadBefore + dyPadAfter - taps + 1,
    cropBefore: padBefore - firstBlock * stride,
  };
}

export function planStacked(info: tf.backend_util.Conv2DInfo): StackedPlan | null {
  const h = planAxis(info.filterHeight, info.strideHeight, info.padInfo.top, info.inHeight, info.outHeight);
  const w = planAxis(info.filterWidth, info.strideWidth, info.padInfo.left, info.inWidth, info.outWidth);
  if (h === null || w === null) return null;
  const computed = h.blocks * info.strideHeight * w.blocks * info.strideWidth;
  return { h, w, extraWork: computed / (info.inHeight * info.inWidth) - 1 };
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

export function stackedResidueConv(
  wasm: WasmCalls,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  { h, w }: StackedPlan,
): tf.TensorInfo {
  const strides: [number, number] = [info.strideHeight, info.strideWidth];
  const residues = stackedResidueFilter(wasm, filter, [h.taps, w.taps], strides);
  const y = wasm.conv2d(dy, residues, [1, 1], [1, 1], [
    [h.dyPadBefore, h.dyPadAfter],
    [w.dyPadBefore, w.dyPadAfter],
  ]);
  const blocks = interleave(wasm, y, ...strides);
  const [b, rows, cols, c] = blocks.shape;
  if (h.cropBefore === 0 && w.cropBefore === 0 && rows === info.inHeight && cols === info.inWidth) return blocks;
  return wasm.crop(blocks, [0, h.cropBefore, w.cropBefore, 0], [b, info.inHeight, info.inWidth, c]);
}
