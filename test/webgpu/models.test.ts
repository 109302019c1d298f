import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricValues, RunSummary, TrainerEvent } from '../../src/shared/protocol';
import { writeFaceSet } from '../../src/engine/data/faces';
import { train } from '../../src/engine/train/trainer';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

/**
 * Both backends compute in float32 but sum in different orders (tiled GPU reductions against sequential loops),
 * so single ops differ by ~1e-7 relative; three optimizer steps and an evaluation pass grow that (measured here:
 * 2e-8 to 2e-6 relative across the models). 1e-4 relative (of the value, or of 1 for values near 0) is fifty
 * times that noise and far below what a wrong kernel or a misread tensor gives (different samples or a broken
 * gradient move these metrics by whole percents).
 */
const TOLERANCE = 1e-4;

/** Every example that has tensors (MCMC has none), shrunk to a few small steps; the model's shape is kept. */
const CASES: { name: string; config: string; overrides: string[] }[] = [
  { name: 'VAE (MLP)', config: 'vae-mnist', overrides: ['model.hidden=[64]', 'data.limit=96', 'data.testLimit=32', 'training.batchSize=32'] },
  { name: 'VAE (conv)', config: 'vae-mnist', overrides: ['model.architecture=conv', 'model.convFilters=[4,8]', 'model.hidden=[16]',
    'data.limit=48', 'data.testLimit=16', 'training.batchSize=16'] },
  { name: 'DCGAN (MNIST)', config: 'dcgan-mnist', overrides: ['model.width=4', 'data.limit=48', 'data.testLimit=16', 'training.batchSize=16'] },
  { name: 'DCGAN (faces, 64×64)', config: 'dcgan-faces', overrides: ['model.width=2', 'training.batchSize=8'] },
  { name: 'gan-1d', config: 'gan-1d', overrides: ['training.stepsPerEpoch=3', 'training.batchSize=64'] },
  { name: 'Gumbel GAN', config: 'gumbel-gan-abcde', overrides: ['training.stepsPerEpoch=3', 'training.batchSize=64'] },
  { name: 'categorical VAE', config: 'categorical-vae-mnist', overrides: ['model.hidden=[64,32]', 'data.limit=96', 'data.testLimit=32',
    'training.batchSize=32'] },
  { name: 'NADE', config: 'nade-mnist', overrides: ['model.hidden=16', 'data.limit=48', 'data.testLimit=16', 'training.batchSize=16'] },
];

interface Trained {
  metrics: MetricValues;
  summary: RunSummary;
  seconds: number;
  steps: number;
}

async function trainOn(backend: string, c: (typeof CASES)[number], out: string, extra: string[]): Promise<Trained> {
  const events: TrainerEvent[] = [];
  const started = Date.now();
  const summary = await train({
    configPath: join(EXAMPLES, `${c.config}.genlab.json`), outDir: join(out, backend), emit: (e) => events.push(e),
    overrides: [...c.overrides, ...extra, `backend=${backend}`, 'training.epochs=1', 'training.seed=3', 'training.stepsPerEpoch=3'],
  });
  assert.equal(summary.status, 'done', `${c.name} on ${backend}: ${summary.message}`);
  const epoch = events.find((e): e is Extract<TrainerEvent, { type: 'epoch' }> => e.type === 'epoch');
  assert.ok(epoch, `${c.name} on ${backend}: no epoch event`);
  return { metrics: epoch.metrics, summary, seconds: (Date.now() - started) / 1000, steps: summary.steps };
}

function assertAgree(name: string, gpu: MetricValues, cpu: MetricValues): number {
  assert.deepEqual(Object.keys(gpu).sort(), Object.keys(cpu).sort(), `${name}: the same metrics`);
  let worst = 0;
  for (const [k, expected] of Object.entries(cpu)) {
    const relative = Math.abs(gpu[k] - expected) / Math.max(1, Math.abs(expected));
    worst = Math.max(worst, relative);
    assert.ok(relative <= TOLERANCE, `${name}: ${k} is ${gpu[k]} on webgpu, ${expected} on cpu (${relative.toExponential(2)} relative)`);
  }
  return worst;
}

describe('every example model trains on webgpu (software adapter) and agrees with cpu', function () {
  this.timeout(600000);
  let out = '';
  let faces = '';

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'genlab-webgpu-'));
    faces = join(out, 'faces');
    await writeFaceSet({ n: 40, outDir: faces, seed: 1 });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.name}: 3 steps, evaluation and artifacts; the first steps' losses within ${TOLERANCE} of cpu; no tensor leaked`, async () => {
      const extra = c.config === 'dcgan-faces' ? [`data.dir=${faces}`, 'data.testLimit=8'] : [];
      const cpu = await trainOn('cpu', c, out, extra);
      const tensorsBefore = tf.memory().numTensors;
      const gpu = await trainOn('webgpu', c, out, extra);
      assert.equal(tf.engine().backendName, 'webgpu');
      assert.equal(tf.memory().numTensors, tensorsBefore, `${c.name}: tensors leaked on webgpu`);
      assert.equal(gpu.summary.adapter?.isFallbackAdapter, true);
      const worst = assertAgree(c.name, gpu.metrics, cpu.metrics);
      console.log(`      ${c.name}: worst relative difference ${worst.toExponential(2)}; ` +
        `webgpu ${gpu.seconds.toFixed(1)} s, cpu ${cpu.seconds.toFixed(1)} s for ${gpu.steps} steps + evaluation + artifacts`);
    });
  }
});
