import { strict as assert } from 'node:assert';
import { gpuPreferenceFromEnv, selectBackend, type MachineProbes } from '../../src/engine/backend/select';
import { dawnAdapterSource } from '../../src/engine/backend/webgpu';

/** The machine's real adapter (llvmpipe here), presented as a hardware one: the same device, `isFallbackAdapter` false. */
async function disguisedAsHardware(): Promise<GPUAdapter> {
  const real = await dawnAdapterSource();
  assert.ok(real, 'this stage needs a WebGPU adapter (test/webgpu/ensureVulkanDriver.mjs installs one)');
  return {
    info: { vendor: real.info.vendor, architecture: real.info.architecture, description: real.info.description,
      device: real.info.device, isFallbackAdapter: false },
    limits: real.limits, features: real.features,
    requestDevice: (descriptor?: GPUDeviceDescriptor) => real.requestDevice(descriptor),
  } as unknown as GPUAdapter;
}

const machine = (adapterSource: MachineProbes['adapterSource']): MachineProbes => ({ adapterSource, cudaDriverPresent: () => false });

describe('backend ladder with injected adapters', function () {
  this.timeout(120000);

  it('no adapter: auto skips webgpu with the reason and trains on a CPU backend', async () => {
    const choice = await selectBackend('auto', { probes: machine(async () => null) });
    assert.notEqual(choice.name, 'webgpu');
    assert.deepEqual(choice.skipped.map((s) => s.name).slice(0, 2), ['tensorflow-gpu', 'webgpu']);
    assert.match(choice.skipped[1].reason, /no WebGPU adapter/);
    assert.equal(choice.adapter, undefined);
  });

  it('no adapter: backend "webgpu" named fails with the reason', async () => {
    await assert.rejects(selectBackend('webgpu', { probes: machine(async () => null) }), /backend "webgpu" is not available: no WebGPU adapter/);
  });

  it('a software (fallback) adapter: auto never picks it', async () => {
    const real = await dawnAdapterSource();
    assert.ok(real);
    assert.equal(real.info.isFallbackAdapter, true, 'this machine was expected to have only a software adapter');
    const choice = await selectBackend('auto', { probes: machine(async () => real) });
    assert.notEqual(choice.name, 'webgpu');
    const webgpu = choice.skipped.find((s) => s.name === 'webgpu');
    assert.match(webgpu?.reason ?? '', /only a software adapter \(llvmpipe.*\(software\)\)/);
  });

  it('a hardware adapter: auto picks webgpu over the CPU backends and records the adapter', async () => {
    const choice = await selectBackend('auto', { probes: machine(disguisedAsHardware) });
    assert.equal(choice.name, 'webgpu');
    assert.equal(choice.tfBackend, 'webgpu');
    assert.deepEqual(choice.skipped.map((s) => s.name), ['tensorflow-gpu']);
    assert.equal(choice.adapter?.isFallbackAdapter, false);
    assert.ok((choice.adapter?.maxStorageBufferBindingSize ?? 0) > 0);
  });

  it('a hardware adapter with the GPU avoided: auto trains on a CPU backend and says why webgpu was skipped', async () => {
    const choice = await selectBackend('auto', { probes: machine(disguisedAsHardware), gpu: 'avoid' });
    assert.notEqual(choice.name, 'webgpu');
    assert.equal(choice.adapter, undefined);
    const webgpu = choice.skipped.find((s) => s.name === 'webgpu');
    assert.match(webgpu?.reason ?? '', /GPU avoided \(GENLAB_GPU=avoid/);
  });

  it('GENLAB_GPU is read as use or avoid, and anything else is refused by name', () => {
    assert.equal(gpuPreferenceFromEnv({}), 'use');
    assert.equal(gpuPreferenceFromEnv({ GENLAB_GPU: 'Avoid' }), 'avoid');
    assert.throws(() => gpuPreferenceFromEnv({ GENLAB_GPU: 'never' }), /GENLAB_GPU="never" is not one of use, avoid/);
  });

  it('the software adapter is used when backend "webgpu" is named, and says so', async () => {
    const choice = await selectBackend('webgpu');
    assert.equal(choice.name, 'webgpu');
    assert.equal(choice.adapter?.isFallbackAdapter, true);
    assert.match(choice.adapter?.description ?? '', /llvmpipe/);
  });
});
