import * as tf from '@tensorflow/tfjs-core';
import { WasmCalls } from './wasmCalls';

/**
 * The filters of a sub-pixel transposed conv (see conv2DBackpropInput.ts). Output pixels whose
 * position has residue r modulo the stride use only the taps r, r + s, r + 2s, … of W, reversed
 * (the conv correlates, the transposed conv convolves).
 */

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
 * W [kh, kw, ci, co] → every residue's taps stacked as output channels: [taps_h, taps_w, co,
 * s_h·s_w·ci], element [i, j, co, (r_h, r_w, ci)] = W[(taps_h − 1 − i)·s_h + r_h,
 * (taps_w − 1 − j)·s_w + r_w, ci, co], zero past W's end. Built from rank ≤ 4 transposes: the wasm
 * Transpose and Reverse crawl through rank-6 views (≈850 ms for a 4×4×256×512 filter, now ≈30).
 */
export function stackedResidueFilter(
  wasm: WasmCalls,
  filter: tf.TensorInfo,
  [tapsH, tapsW]: [number, number],
  [sh, sw]: [number, number],
): tf.TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const padded = wasm.pad(filter, [[0, tapsH * sh - kh], [0, tapsW * sw - kw], [0, 0], [0, 0]]);
  // [taps_h, s_h, taps_w, s_w·ci·co] → [taps_h, taps_w, s_h, s_w·ci·co]: taps outermost, residues inside.
  const tapsOuter = wasm.transpose(wasm.reshape(padded, [tapsH, sh, tapsW, sw * ci * co]), [0, 2, 1, 3]);
  // Reversing the flattened (i, j) index reverses both tap axes at once.
  const reversed = reverseRows(wasm, wasm.reshape(tapsOuter, [tapsH * tapsW, sh * sw * ci, co]));
  const stacked = wasm.transpose(reversed, [0, 2, 1]);
  return wasm.reshape(stacked, [tapsH, tapsW, co, sh * sw * ci]);
}

/** Residue (r_h, r_w)'s own filter [taps_h, taps_w, co, ci]: its channels of the stacked filter. */
export function residueChannels(wasm: WasmCalls, stacked: tf.TensorInfo, residue: number, ci: number): tf.TensorInfo {
  const [tapsH, tapsW, co, depth] = stacked.shape;
  const byResidue = wasm.reshape(stacked, [tapsH * tapsW * co, depth / ci, ci]);
  return wasm.reshape(wasm.crop(byResidue, [0, residue, 0], [tapsH * tapsW * co, 1, ci]), [tapsH, tapsW, co, ci]);
}
