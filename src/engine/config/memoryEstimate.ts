import { totalmem } from 'node:os';

/** The most one wasm instance can address (32-bit memory): a model over it cannot run on the wasm backend. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/** Bytes a chain of dense layers needs: weights and biases, their gradients and two Adam moments, plus a batch's activations (forward and backward). */
export function denseChainBytes(sizes: number[], batchSize: number): { parameters: number; bytes: number } {
  let parameters = 0;
  for (let i = 1; i < sizes.length; i++) parameters += sizes[i - 1] * sizes[i] + sizes[i];
  const activations = sizes.reduce((a, b) => a + b, 0) * batchSize;
  return { parameters, bytes: 4 * (4 * parameters + 2 * activations) };
}

/** A limit an estimate must fit in: the wasm heap, a GPU adapter's largest buffer, the machine's memory. */
export interface MemoryLimit { name: string; bytes: number }

/**
 * What a model must fit on the configured backend: the machine's memory always, and the wasm heap where the run may
 * land on wasm (`auto` does without a GPU). A GPU's limits are checked once its adapter is known, before training.
 */
export const memoryLimitsFor = (backend: string): MemoryLimit[] => [
  ...(backend === 'wasm' || backend === 'auto' ? [{ name: 'the wasm backend\'s 4 GiB heap', bytes: WASM_HEAP_BYTES }] : []),
  { name: 'this machine\'s memory', bytes: totalmem() },
];

const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;

/** Why an estimate does not fit, naming the figure and the limit; null when it fits every limit. */
export function memoryProblem(estimate: { parameters: number; bytes: number }, limits: MemoryLimit[]): string | null {
  const over = limits.filter((l) => estimate.bytes > l.bytes).sort((a, b) => a.bytes - b.bytes)[0];
  if (!over) return null;
  return `${(estimate.parameters / 1e6).toFixed(1)} M parameters need about ${gib(estimate.bytes)} to train, more than ${over.name} (${gib(over.bytes)})`;
}
