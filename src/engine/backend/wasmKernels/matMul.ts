import * as tf from '@tensorflow/tfjs-core';
import { WasmCalls } from './wasmCalls';

/**
 * Why: the stock wasm matMul is fast (XNNPACK: 6–16 GFLOP/s on one core here, the lower figure with
 * a fresh right-hand operand to pack) only for a single untransposed product — batch 1 on both
 * sides, no transpose flag. Anything else, including every product in a dense layer's backward
 * pass (dy·Wᵀ, xᵀ·dy), falls to a naive loop at ≈0.6–1.2 GFLOP/s.
 * Transposing explicitly (a copy, O(size), against the product's O(m·n·k)) and folding batch axes
 * into rows or columns turns nearly every product into that one fast case.
 */

interface Dims {
  m: number;
  k: number;
  n: number;
  batchA: number;
  batchB: number;
  outShape: number[];
}

function dims(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Dims {
  const [a0, a1] = a.shape.slice(-2);
  const [b0, b1] = b.shape.slice(-2);
  const [m, k] = transposeA ? [a1, a0] : [a0, a1];
  const n = transposeB ? b0 : b1;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
  return { m, k, n, batchA: tf.util.sizeFromShape(outerA), batchB: tf.util.sizeFromShape(outerB), outShape };
}

/** `x` as an untransposed [batch, rows, cols] stack; `transposed` says x holds [batch, cols, rows]. */
function untransposed(wasm: WasmCalls, x: tf.TensorInfo, transposed: boolean, batch: number, rows: number, cols: number) {
  if (!transposed) return wasm.reshape(x, [batch, rows, cols]);
  return wasm.transpose(wasm.reshape(x, [batch, cols, rows]), [0, 2, 1]);
}

/** The stock kernel on untransposed [1, m, k]·[1, k, n]: its fast path. */
function fastProduct(wasm: WasmCalls, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  return wasm.run(tf.BatchMatMul, { a, b }, { transposeA: false, transposeB: false });
}

/** Operands of a product that the fast path can compute in one call, and how to read the result back. */
export interface FoldedProduct {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  /** Turns the [1, rows, cols] product of `a` and `b` into the product's real shape. */
  unfold(product: tf.TensorInfo): tf.TensorInfo;
}

/**
 * Rewrites a·b as one untransposed 2-D product: a shared b (batch 1) lets a's batch stack into rows;
 * a shared a lets b's batch stack into columns (b as [k, batch·n]). Returns null when both sides
 * carry a batch, which has no such rewrite.
 */
export function foldProduct(
  wasm: WasmCalls,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): FoldedProduct | null {
  const { m, k, n, batchA, batchB, outShape } = dims(a, b, transposeA, transposeB);
  if (batchB === 1) {
    return {
      a: wasm.reshape(untransposed(wasm, a, transposeA, batchA, m, k), [1, batchA * m, k]),
      b: untransposed(wasm, b, transposeB, 1, k, n),
      unfold: (product) => wasm.reshape(product, outShape),
    };
  }
  if (batchA === 1) {
    const bStack = transposeB ? [batchB, n, k] : [batchB, k, n];
    const toKBatchN = transposeB ? [2, 0, 1] : [1, 0, 2];
    return {
      a: untransposed(wasm, a, transposeA, 1, m, k),
      b: wasm.reshape(wasm.transpose(wasm.reshape(b, bStack), toKBatchN), [1, k, batchB * n]),
      unfold: (product) =>
        wasm.reshape(wasm.transpose(wasm.reshape(product, [m, batchB, n]), [1, 0, 2]), outShape),
    };
  }
  return null;
}

/**
 * A 2-D product computed as its transpose, c = (op(b)ᵀ·op(a)ᵀ)ᵀ, when that copies fewer elements than
 * transposing the operands: dy·Wᵀ in a dense layer's backward pass copies the batch's rows (m·k) and
 * the result (m·n) instead of the whole weight matrix (k·n). Null when the direct route is cheaper.
 */
function transposedProduct(
  wasm: WasmCalls,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo | null {
  const { m, k, n, batchA, batchB, outShape } = dims(a, b, transposeA, transposeB);
  if (batchA !== 1 || batchB !== 1) return null;
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0);
  const viaTranspose = (transposeA ? 0 : m * k) + (transposeB ? 0 : k * n) + m * n;
  if (viaTranspose >= direct) return null;
  const bT = untransposed(wasm, b, !transposeB, 1, n, k);
  const aT = untransposed(wasm, a, !transposeA, 1, k, m);
  return wasm.reshape(wasm.transpose(fastProduct(wasm, bT, aT), [0, 2, 1]), outShape);
}

/** a·b with the semantics of the BatchMatMul kernel, through the fast path wherever the shapes allow. */
export function matMul(
  wasm: WasmCalls,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const viaTranspose = transposedProduct(wasm, a, b, transposeA, transposeB);
  if (viaTranspose !== null) return viaTranspose;
  const folded = foldProduct(wasm, a, b, transposeA, transposeB);
  if (folded !== null) return folded.unfold(fastProduct(wasm, folded.a, folded.b));
  // Both operands batched: the stock loop, which is no slower transposed than untransposed.
  return wasm.run(tf.BatchMatMul, { a, b }, { transposeA, transposeB });
}
