import type { AdapterInfo } from '../../shared/protocol';
import type { ModelState } from '../models/model';
import { InputError } from '../train/errors';
import { adapterLabel } from '../../shared/format';

/** One buffer a training step cannot do without. */
export interface BufferNeed {
  what: string;
  bytes: number;
}

const FLOAT_BYTES = 4;
const MiB = 1024 * 1024;

/**
 * The buffers a training step must hold whole, at least: each weight (float32), and for each weight matrix
 * [in, out] the batch's activations on both sides of it (batch × in and batch × out). A lower bound — convolution
 * activations and temporaries add to it — so what it refuses can never fit, and nothing that fits is refused.
 * Also a start for a validation-time estimate of parameter and activation memory.
 */
export function minimumBuffers(state: ModelState, batchSize: number): BufferNeed[] {
  const needs: BufferNeed[] = [];
  for (const [name, variable] of Object.entries(state.variables)) {
    needs.push({ what: `weight ${name} (${variable.shape.join('×')})`, bytes: variable.size * FLOAT_BYTES });
    if (variable.shape.length === 2) {
      for (const width of variable.shape) {
        needs.push({ what: `the activations at ${name} (batch ${batchSize} × ${width})`, bytes: batchSize * width * FLOAT_BYTES });
      }
    }
  }
  return needs;
}

/** Refuses (exit 2, before any step) a model whose buffers cannot exist on the adapter, naming the largest. */
export function assertFitsAdapter(state: ModelState, batchSize: number, adapter: AdapterInfo): void {
  const largest = minimumBuffers(state, batchSize).reduce<BufferNeed | null>((a, b) => (a && a.bytes >= b.bytes ? a : b), null);
  if (!largest) return;
  const limits = [
    { name: 'maxStorageBufferBindingSize', bytes: adapter.maxStorageBufferBindingSize },
    { name: 'maxBufferSize', bytes: adapter.maxBufferSize },
  ];
  const broken = limits.find((l) => largest.bytes > l.bytes);
  if (!broken) return;
  throw new InputError(`the model does not fit the WebGPU adapter ${adapterLabel(adapter)}: ${largest.what} needs ` +
    `${(largest.bytes / MiB).toFixed(1)} MiB in one buffer, and the adapter allows ${(broken.bytes / MiB).toFixed(1)} MiB ` +
    `(${broken.name}). Make the model or training.batchSize smaller, or use backend "wasm".`);
}
