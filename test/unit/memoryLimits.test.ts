import { strict as assert } from 'node:assert';
import * as tf from '@tensorflow/tfjs-core';
import type { AdapterInfo } from '../../src/shared/protocol';
import { assertFitsAdapter, minimumBuffers } from '../../src/engine/backend/memoryLimits';
import type { ModelState } from '../../src/engine/models/model';
import { InputError } from '../../src/engine/train/errors';
import { useCpuBackend } from './helpers/tfCpu';

const LLVMPIPE: AdapterInfo = { vendor: 'mesa', architecture: 'software', description: 'llvmpipe', isFallbackAdapter: true,
  maxBufferSize: 4294967295, maxStorageBufferBindingSize: 128 * 1024 * 1024 };

describe('WebGPU memory limits', () => {
  let state: ModelState;
  before(useCpuBackend);
  beforeEach(() => {
    state = { variables: { w: tf.variable(tf.zeros([784, 1000])), b: tf.variable(tf.zeros([1000])) }, optimizers: {} };
  });
  afterEach(() => Object.values(state.variables).forEach((v) => v.dispose()));

  it('counts each weight and the batch activations on both sides of a weight matrix', () => {
    const needs = minimumBuffers(state, 128);
    assert.deepEqual(needs.map((n) => n.bytes), [784 * 1000 * 4, 128 * 784 * 4, 128 * 1000 * 4, 1000 * 4]);
  });

  it('passes a model whose buffers fit', () => {
    assertFitsAdapter(state, 128, LLVMPIPE);
  });

  it('refuses, naming the buffer, the figure and the limit, when an activation cannot be bound', () => {
    assert.throws(() => assertFitsAdapter(state, 40000, LLVMPIPE), (e: Error) => e instanceof InputError &&
      /activations at w \(batch 40000 × 1000\) needs 152\.6 MiB .* allows 128\.0 MiB \(maxStorageBufferBindingSize\)/.test(e.message));
  });

  it('checks maxBufferSize too', () => {
    assert.throws(() => assertFitsAdapter(state, 1, { ...LLVMPIPE, maxStorageBufferBindingSize: 2 ** 40, maxBufferSize: 1024 * 1024 }),
      /weight w \(784×1000\) needs 3\.0 MiB .*\(maxBufferSize\)/);
  });
});
