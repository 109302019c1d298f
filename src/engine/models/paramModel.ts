import type * as tf from '@tensorflow/tfjs-core';
import { ParamStore } from '../nn/params';
import type { ModelState } from './model';

/**
 * state() and dispose() for a model whose state is a ParamStore's variables and its optimizers, written
 * once. A model with more to save (a schedule, a history) extends state(); one with more tensors, dispose().
 */
export abstract class ParamModel {
  /** The model's weights, drawn from a generator seeded with `seed` (derived from training.seed). */
  protected readonly params: ParamStore;
  /** By the names checkpoints store them under (`adam`, `generator`, …): renaming one breaks resuming older runs. */
  protected abstract readonly optimizers: Record<string, tf.Optimizer>;

  constructor(seed: number) {
    this.params = new ParamStore(seed);
  }

  state(): ModelState {
    return { variables: this.params.variables, optimizers: this.optimizers };
  }

  dispose(): void {
    this.params.dispose();
    for (const optimizer of Object.values(this.optimizers)) optimizer.dispose();
  }
}
