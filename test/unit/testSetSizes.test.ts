import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { parseConfig } from '../../src/engine/config/load';
import { loadConfig } from '../../src/engine/config/load';
import { loadData } from '../../src/engine/data/load';
import { takeFirst, type DataSplits } from '../../src/engine/data/dataset';
import { reconstructionRows } from '../../src/engine/images/reconstructionRows';
import { modelFactory } from '../../src/engine/models/factories';
import { ConfigError } from '../../src/engine/config/load';
import { ROOT } from './helpers/cli';
import { useCpuBackend } from './helpers/tfCpu';

/** Small versions of the data-set models' examples: enough to build each model and draw its views. */
const MODELS: { example: string; sets: string[] }[] = [
  { example: 'vae-mnist', sets: ['model.hidden=[16]'] },
  { example: 'categorical-vae-mnist', sets: ['model.hidden=[16]', 'model.categoricals=4'] },
  { example: 'nade-mnist', sets: ['model.hidden=8', 'model.samples=4'] },
  { example: 'pixelcnn-mnist', sets: ['model.channels=4', 'model.layers=1', 'model.samples=4'] },
  { example: 'dcgan-mnist', sets: ['model.width=4', 'model.latentDim=4', 'model.samples=4'] },
  { example: 'cvae-mnist', sets: ['model.hidden=[16]', 'model.manifoldSize=2'] },
  { example: 'acgan-mnist', sets: ['model.width=4', 'model.latentDim=4', 'model.evaluationSamples=10'] },
  { example: 'aae-mnist-supervised', sets: ['model.hidden=[16]', 'model.discriminatorHidden=[8]', 'model.manifoldSize=2'] },
];

describe('any test-set size from 1 image up', function () {
  this.timeout(120000);
  before(useCpuBackend);

  it('reconstruction rows tile 1–17 image pairs, originals above their reconstructions', () => {
    const shape = { height: 1, width: 1, channels: 1 };
    for (let n = 1; n <= 17; n++) {
      const originals = Float32Array.from({ length: n }, () => 1);
      const picture = reconstructionRows(originals, new Float32Array(n), n, shape, 8);
      const cols = Math.min(8, n);
      assert.equal(picture.width, cols * 1 + (cols + 1) * 2, `n=${n}: width`);
      assert.equal(picture.height, 2 * Math.ceil(n / cols) + (2 * Math.ceil(n / cols) + 1) * 2, `n=${n}: height`);
      // The cell of original i is white, the cell below it (its reconstruction) black.
      const at = (row: number, col: number) => picture.pixels[(2 + row * 3) * picture.width + 2 + col * 3];
      for (let i = 0; i < n; i++) {
        const row = 2 * Math.floor(i / cols);
        assert.deepEqual([at(row, i % cols), at(row + 1, i % cols)], [255, 0], `n=${n}, image ${i}`);
      }
    }
  });

  for (const { example, sets } of MODELS) {
    it(`${example}: evaluates and draws every view with 1, 4, 9 and 15 test images`, async () => {
      const file = join(ROOT, 'examples', `${example}.genlab.json`);
      const config = loadConfig(file, [...sets, 'data.limit=32', 'data.testLimit=15']);
      const full = await loadData(config.data!);
      for (const n of [1, 4, 9, 15]) {
        const data: DataSplits = { ...full, test: takeFirst(full.test, n) };
        const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
        try {
          const metrics = await model.evaluate(1, 3);
          for (const [k, v] of Object.entries(metrics)) assert.ok(Number.isFinite(v), `${n} test images: ${k} = ${v}`);
          const artifacts = await model.artifacts(1, 3);
          assert.ok(artifacts.length > 0);
          for (const a of artifacts) if (a.kind === 'image') assert.ok(a.picture.pixels.length > 0, `${n}: ${a.name}`);
        } finally {
          model.dispose();
        }
      }
    });
  }

  it('a test share of 0 is a config error naming the field', () => {
    const text = JSON.stringify({ model: { type: 'gan' }, data: { source: 'image-folder', dir: ROOT, testFraction: 0 } });
    assert.throws(() => parseConfig(text, 'x.genlab.json'), (e: unknown) =>
      e instanceof ConfigError && e.issues.some((i) => i.path === 'data.testFraction' && /test set/.test(i.message)));
  });
});

describe('memory estimate at validation', () => {
  it('refuses hidden layers that cannot fit, with the figure; a normal model passes', () => {
    const file = join(ROOT, 'examples', 'vae-mnist.genlab.json');
    for (const hidden of ['[1000000]', '[100000,100000]']) {
      assert.throws(() => loadConfig(file, [`model.hidden=${hidden}`]), (e: unknown) => e instanceof ConfigError &&
        e.issues.some((i) => i.path === 'model.hidden' && /M parameters need about [\d.]+ GiB to train, more than/.test(i.message)));
    }
    assert.equal(loadConfig(file).model.type, 'vae');
    // 157 M parameters, about 2.5 GiB: encoder and decoder, not a 100000 × 100000 matrix between them.
    assert.equal(loadConfig(file, ['model.hidden=[100000]']).model.type, 'vae');
  });

  it('the wasm heap limits only the backends that may land on wasm', () => {
    const file = join(ROOT, 'examples', 'vae-mnist.genlab.json');
    // 470 M parameters, about 7 GiB: over the wasm heap, under this machine's memory.
    const big = 'model.hidden=[300000]';
    for (const backend of ['wasm', 'auto']) {
      assert.throws(() => loadConfig(file, [big, `backend=${backend}`]), (e: unknown) => e instanceof ConfigError &&
        e.issues.some((i) => /more than the wasm backend's 4 GiB heap/.test(i.message)), backend);
    }
    assert.equal(loadConfig(file, [big, 'backend=webgpu']).backend, 'webgpu');
  });
});
