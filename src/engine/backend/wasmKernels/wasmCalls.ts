import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm'; // registers the stock wasm kernels that GenLab's kernels call

/**
 * Calling the wasm backend's own kernels from inside a GenLab kernel. GenLab's kernels are
 * compositions of stock kernels (Transpose, Conv2D, the fast untransposed matMul, …) that run on
 * TensorInfos, below the engine, so nothing is tracked for them: every intermediate output has to
 * be freed by hand, which `withWasmCalls` does.
 */

/** Stock configs of the kernels GenLab registered over, so its kernels can still reach them. */
const replacedStockKernels = new Map<string, tf.KernelConfig>();

export function rememberReplacedStockKernel(config: tf.KernelConfig): void {
  replacedStockKernels.set(config.kernelName, config);
}

export function forgetReplacedStockKernels(): tf.KernelConfig[] {
  const configs = [...replacedStockKernels.values()];
  replacedStockKernels.clear();
  return configs;
}

function stockKernelFunc(kernelName: string): tf.KernelFunc {
  const config = replacedStockKernels.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`the wasm backend has no '${kernelName}' kernel`);
  return config.kernelFunc;
}

type Paddings = [number, number][];

/** One GenLab kernel invocation's calls into stock kernels; every output is an intermediate. */
export class WasmCalls {
  private readonly intermediates: tf.TensorInfo[] = [];

  constructor(readonly backend: tf.KernelBackend) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
    const out = stockKernelFunc(kernelName)({ inputs, backend: this.backend, attrs }) as tf.TensorInfo;
    this.intermediates.push(out);
    return out;
  }

  /** A new float32 tensor holding `values`. */
  constant(values: Float32Array, shape: number[]): tf.TensorInfo {
    const out = { dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' as const };
    this.intermediates.push(out);
    return out;
  }

  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run(tf.Reshape, { x }, { shape });
  }

  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return this.run(tf.Transpose, { x }, { perm });
  }

  concat(xs: tf.TensorInfo[], axis: number): tf.TensorInfo {
    // The Concat kernel takes its inputs as an array.
    return this.run(tf.Concat, xs as unknown as tf.NamedTensorInfoMap, { axis });
  }

  pad(x: tf.TensorInfo, paddings: Paddings): tf.TensorInfo {
    return this.run(tf.PadV2, { x }, { paddings, constantValue: 0 });
  }

  /**
   * x[begin : begin + size] along every axis but the innermost, as a Pad with negative paddings:
   * the wasm Pad (XNNPACK) crops that way in one pass, ≈5× faster here than the Slice kernel, which
   * first copies all of x out to JS. XNNPACK steps through the outer axes in wrapping unsigned
   * arithmetic, which a negative padding turns into exact window offsets; the innermost axis is
   * copied by a micro-kernel that would run out of bounds, hence the check. The kernel tests cover
   * every crop GenLab's kernels make.
   */
  crop(x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
    const last = x.shape.length - 1;
    if (begin[last] !== 0 || size[last] !== x.shape[last]) throw new Error('crop: the innermost axis cannot be cropped');
    return this.pad(x, x.shape.map((n, i): [number, number] => [-begin[i], size[i] + begin[i] - n]));
  }

  /** NHWC conv2d with explicit paddings [[top, bottom], [left, right]]. */
  conv2d(
    x: tf.TensorInfo,
    filter: tf.TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    [[top, bottom], [left, right]]: Paddings,
  ): tf.TensorInfo {
    const pad = [[0, 0], [top, bottom], [left, right], [0, 0]];
    return this.run(tf.Conv2D, { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC' });
  }

  /** Frees every intermediate except `kept`, the result handed back to the engine. */
  disposeIntermediatesExcept(kept: tf.TensorInfo | undefined): void {
    for (const t of this.intermediates) if (t !== kept) this.backend.disposeData(t.dataId);
    this.intermediates.length = 0;
  }
}

/** Runs `body` with a fresh `WasmCalls` and frees its intermediates, also when it throws. */
export function withWasmCalls(backend: object, body: (wasm: WasmCalls) => tf.TensorInfo): tf.TensorInfo {
  const wasm = new WasmCalls(backend as tf.KernelBackend);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(wasm);
    return result;
  } finally {
    wasm.disposeIntermediatesExcept(result);
  }
}
