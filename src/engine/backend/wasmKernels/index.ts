/**
 * GenLab's kernels for the tfjs wasm backend: they replace stock kernels that are slow in Node
 * (transposed matMul) and add the ones it lacks. Each lives in its own file with a gradient check
 * against the `cpu` backend in test/unit.
 */
export function registerGenlabWasmKernels(): void {
  // Filled in by the kernel work (issue 6).
}
