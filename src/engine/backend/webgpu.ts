import * as tf from '@tensorflow/tfjs-core';
import type { AdapterInfo } from '../../shared/protocol';
import { vulkanLoaderPresent } from './vulkanLoader';

/** Gives the WebGPU adapter to train on, or null when there is none; injectable so tests can offer any adapter. */
export type AdapterSource = () => Promise<GPUAdapter | null>;

/**
 * The real adapter: Dawn's Node bindings (npm `webgpu`) install the WebGPU globals and a `navigator.gpu`, which
 * @tensorflow/tfjs-backend-webgpu expects to find, then asks for a high-performance adapter. On Linux without a
 * Vulkan loader there can be no adapter, and Dawn is not started.
 */
export const dawnAdapterSource: AdapterSource = async () => {
  if (process.platform === 'linux' && !vulkanLoaderPresent()) return null;
  const gpu = await installDawnGlobals();
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
};

let dawnGpu: GPU | null = null;

async function installDawnGlobals(): Promise<GPU> {
  if (dawnGpu) return dawnGpu;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  dawnGpu = create([]);
  // Node ≥ 21 has a read-only `navigator` getter: define the property rather than assign it.
  const navigator = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(navigator, 'gpu', { value: dawnGpu, configurable: true });
  if (!(globalThis as { navigator?: object }).navigator) {
    Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  }
  return dawnGpu;
}

/** What a run records about the adapter it trains on (events, summary.json, the panel header). */
export function describeAdapter(adapter: GPUAdapter): AdapterInfo {
  const info = adapter.info;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    description: info.description,
    isFallbackAdapter: Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter
      ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

let started = false;

/**
 * Starts tfjs-backend-webgpu on `adapter` (the one inspected, not whichever the package would ask for itself),
 * with the adapter's own limits, as the package's registration does.
 */
export async function startWebgpuBackend(adapter: GPUAdapter): Promise<void> {
  // One device per process: a second start (tests ask more than once) keeps the backend already made.
  if (started) return;
  await installDawnGlobals();
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  // The package registers its own factory on import when navigator.gpu exists; this adapter's backend replaces it.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info), 3);
  started = true;
}

