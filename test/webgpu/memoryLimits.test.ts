import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli, ROOT } from '../unit/helpers/cli';
import { useTempDir } from '../unit/helpers/tmp';

describe('a model too large for the adapter', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  it('exits 2 before training, naming the buffer and the adapter limit', async () => {
    // 784 × 100000 float32 weights: 299 MiB in one buffer, over llvmpipe's 128 MiB storage binding.
    const r = await runCli(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), '--set', 'backend=webgpu',
      '--set', 'model.hidden=[100000]', '--set', 'data.limit=256', '--set', 'data.testLimit=64', '--out', tmp.path, '--json']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr + r.stdout, /does not fit the WebGPU adapter llvmpipe.*needs 299\.1 MiB .*maxStorageBufferBindingSize/);
    assert.equal(r.events.some((e) => e.type === 'step'), false, 'no step ran');
  });
});
