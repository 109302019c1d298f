import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { openRunModel } from '../../src/engine/export/exportRun';
import { Rng } from '../../src/engine/util/rng';
import { runCli, ROOT } from './helpers/cli';

const TINY_DATA = ['data.limit=128', 'data.testLimit=32', 'training.epochs=1', 'training.batchSize=64'];

/** The runs exported here: small enough to train in seconds, each with every layer kind its model has. */
const CASES = [
  { title: 'VAE (MLP) decoder', example: 'vae-mnist', part: 'decoder', sets: ['model.hidden=[16,8]', 'model.latentDim=3'] },
  { title: 'VAE (conv) decoder', example: 'vae-mnist', part: 'decoder', sets: ['model.architecture="conv"', 'model.convFilters=[4,8]', 'model.hidden=[16]'] },
  { title: 'VAE (MLP) encoder', example: 'vae-mnist', part: 'encoder', sets: ['model.hidden=[16,8]', 'model.latentDim=3'] },
  { title: 'VAE (conv) encoder', example: 'vae-mnist', part: 'encoder', sets: ['model.architecture="conv"', 'model.convFilters=[4,8]', 'model.hidden=[16]'] },
  { title: 'DCGAN generator (batch-norm)', example: 'dcgan-mnist', part: 'generator', sets: ['model.width=4', 'model.latentDim=8'] },
  { title: 'categorical VAE decoder', example: 'categorical-vae-mnist', part: 'decoder', sets: ['model.hidden=[16,8]', 'model.categoricals=4', 'model.classes=3'] },
] as const;

const cli = async (args: string[]) => {
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  return r;
};

/** Inputs the part takes: normal z, one-hot codes for the categorical decoder, or images in [0, 1] for an encoder. */
function inputs(shape: number[], n: number): tf.Tensor {
  const rng = new Rng(42);
  if (shape.length === 3) return tf.tensor(rng.uniformArray(n * shape[0] * shape[1] * shape[2]), [n, ...shape]);
  if (shape.length === 2) {
    const [vars, classes] = shape;
    const codes = new Float32Array(n * vars * classes);
    for (let i = 0; i < n * vars; i++) codes[i * classes + rng.int(classes)] = 1;
    return tf.tensor(codes, [n, vars, classes]);
  }
  return tf.tensor(rng.normalArray(n * shape[0]), [n, shape[0]]);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const hasOnnxChecker = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('genlab export', function () {
  this.timeout(240000);
  let tmp = '';
  before(() => (tmp = mkdtempSync(join(tmpdir(), 'genlab-export-'))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.title}: ONNX and tfjs Layers give GenLab's outputs within 1e-5`, async () => {
      const runs = join(tmp, c.example + c.sets.length + c.title.length);
      await cli(['train', join(ROOT, 'examples', `${c.example}.genlab.json`), ...[...TINY_DATA, ...c.sets].flatMap((s) => ['--set', s]), '--out', runs]);
      const run = join(runs, readdirSync(runs)[0]);
      const onnxDir = join(tmp, `${c.title}-onnx`);
      const tfjsDir = join(tmp, `${c.title}-tfjs`);
      await cli(['export', run, '--part', c.part, '--format', 'onnx', '--out', onnxDir]);
      await cli(['export', run, '--epoch', '1', '--part', c.part, '--format', 'tfjs', '--out', tfjsDir]);
      const info = JSON.parse(readFileSync(join(onnxDir, 'export.json'), 'utf8'));
      assert.equal(info.opset, 13);

      const { model } = await openRunModel(run);
      const net = model.exportNetwork!(c.part);
      const z = inputs(net.inputShape, 5);
      const expected = net.forward(z);
      const want = (await expected.data()) as Float32Array;
      assert.deepEqual(expected.shape, [5, ...net.outputShape]);

      const session = await ort.InferenceSession.create(join(onnxDir, `${c.part}.onnx`));
      const result = await session.run({ input: new ort.Tensor('float32', (await z.data()) as Float32Array, z.shape) });
      assert.deepEqual(result.output.dims, expected.shape);
      const onnxDiff = maxAbsDiff(result.output.data as Float32Array, want);
      assert.ok(onnxDiff <= 1e-5, `ONNX differs by ${onnxDiff}`);

      const json = JSON.parse(readFileSync(join(tfjsDir, 'model.json'), 'utf8'));
      const bin = readFileSync(join(tfjsDir, 'weights.bin'));
      const layers = await tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }) });
      const predicted = layers.predict(z) as tf.Tensor;
      const tfjsDiff = maxAbsDiff((await predicted.data()) as Float32Array, want);
      assert.ok(tfjsDiff <= 1e-5, `tfjs Layers differs by ${tfjsDiff}`);
      console.log(`      max |difference| from GenLab: ONNX ${onnxDiff.toExponential(1)}, tfjs Layers ${tfjsDiff.toExponential(1)}`);
      // Outputs must be worth comparing: not all one value.
      assert.ok(Math.max(...want) - Math.min(...want) > 1e-3);
      tf.dispose([z, expected, predicted]);
      layers.dispose();
      net.dispose?.();
      model.dispose();

      assert.ok(hasOnnxChecker, 'python3-onnx is missing: apt-get install python3-onnx (npm test installs it)');
      execFileSync('/usr/bin/python3', ['-c', 'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)',
        join(onnxDir, `${c.part}.onnx`)]);
    });
  }

  it('refuses NADE and a part a model does not have, saying why; --epoch names the kept epochs', async () => {
    const runs = join(tmp, 'nade');
    await cli(['train', join(ROOT, 'examples', 'nade-mnist.genlab.json'), ...[...TINY_DATA, 'model.hidden=8'].flatMap((s) => ['--set', s]), '--out', runs]);
    const run = join(runs, readdirSync(runs)[0]);
    const nade = await runCli(['export', run, '--part', 'decoder', '--format', 'onnx', '--out', join(tmp, 'x')]);
    assert.equal(nade.code, 2);
    assert.match(nade.stderr, /NADE samples one pixel at a time/);
    assert.equal(existsSync(join(tmp, 'x')), false);
    const vaeRuns = join(tmp, 'vae-refusals');
    await cli(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), ...[...TINY_DATA, 'model.hidden=[8]'].flatMap((s) => ['--set', s]), '--out', vaeRuns]);
    const vae = join(vaeRuns, readdirSync(vaeRuns)[0]);
    const wrong = await runCli(['export', vae, '--part', 'generator', '--format', 'onnx', '--out', join(tmp, 'y')]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /the VAE exports its decoder \(--part decoder\)/);
    const epoch = await runCli(['export', vae, '--epoch', '3', '--part', 'decoder', '--format', 'onnx', '--out', join(tmp, 'y')]);
    assert.equal(epoch.code, 2);
    assert.match(epoch.stderr, /no checkpoint of epoch 3 \(kept: 1\)/);
  });

  it('writes an MCMC run\'s draws as CSV: chain, iteration, θ…, post_burn_in', async () => {
    const runs = join(tmp, 'mcmc');
    await cli(['train', join(ROOT, 'examples', 'gibbs-two-coins.genlab.json'), '--set', 'model.iterations=1000', '--set', 'model.chains=3',
      '--set', 'model.burnIn=0.2', '--set', 'training.epochs=2', '--out', runs]);
    const run = join(runs, readdirSync(runs)[0]);
    const out = join(tmp, 'draws');
    await cli(['export', run, '--draws', '--format', 'csv', '--out', out]);
    const [header, ...rows] = readFileSync(join(out, 'draws.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'chain,iteration,θ1,θ2,post_burn_in');
    assert.equal(rows.length, 3 * 1000);
    const parsed = rows.map((r) => r.split(','));
    assert.deepEqual(parsed.slice(0, 2).map((r) => [r[0], r[1]]), [['1', '1'], ['1', '2']]);
    assert.equal(parsed[1000][0], '2');
    assert.equal(parsed.filter((r) => r[4] === 'true').length, 3 * 800);
    assert.equal(parsed[199][4], 'false');
    assert.equal(parsed[200][4], 'true');
    for (const r of parsed) for (const v of [Number(r[2]), Number(r[3])]) assert.ok(v > 0 && v < 1);
    // Coin 1 saw 5 heads in 7 with a Beta(3,3) prior: its posterior mean is 8/13.
    const post = parsed.filter((r) => r[4] === 'true').map((r) => Number(r[2]));
    assert.ok(Math.abs(post.reduce((a, b) => a + b, 0) / post.length - 8 / 13) < 0.03);
  });
});
