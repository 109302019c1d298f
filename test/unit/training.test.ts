import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricValues, TrainerEvent } from '../../src/shared/protocol';
import { selectBackend } from '../../src/engine/backend/select';
import { train } from '../../src/engine/train/trainer';
import { readJsonLines } from '../../src/engine/runs/store';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');
/** A VAE small enough to train in a second or two, with enough steps per epoch to stop inside one. */
const SMALL = ['model.hidden=[32]', 'data.limit=3072', 'data.testLimit=256', 'training.batchSize=16', 'training.epochs=2',
  'training.seed=7'];

function lastEpochMetrics(events: TrainerEvent[]): MetricValues {
  const epochs = events.filter((e): e is Extract<TrainerEvent, { type: 'epoch' }> => e.type === 'epoch');
  return epochs[epochs.length - 1].metrics;
}

describe('training (VAE, end to end)', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  it('lowers the loss, writes every run file, and leaks no tensors between runs', async () => {
    const events: TrainerEvent[] = [];
    await selectBackend('auto');
    const before = tf.memory().numTensors;
    const summary = await train({ configPath: EXAMPLE, overrides: SMALL, outDir: tmp.path, emit: (e) => events.push(e) });
    assert.equal(summary.status, 'done');
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    const epochs = events.filter((e) => e.type === 'epoch') as Extract<TrainerEvent, { type: 'epoch' }>[];
    assert.equal(epochs.length, 2);
    assert.ok(epochs[1].metrics.loss < epochs[0].metrics.loss, 'training loss went down');
    assert.ok(epochs[1].metrics.testNegElbo < 543.4, 'test NLL is below a uniform Bernoulli model (784·ln 2)');
    const steps = events.filter((e) => e.type === 'step') as Extract<TrainerEvent, { type: 'step' }>[];
    assert.ok(steps.length > 0 && steps[0].metrics.loss > epochs[1].metrics.loss);

    const [runId] = readdirSync(tmp.path);
    const run = join(tmp.path, runId);
    for (const f of ['config.json', 'summary.json', 'metrics.jsonl', 'events.jsonl', 'checkpoints/latest.json']) {
      assert.ok(existsSync(join(run, f)), `${f} exists`);
    }
    const written = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    assert.deepEqual([written.status, written.epochs, written.model, written.backend], ['done', 2, 'vae', summary.backend]);
    assert.ok(written.metrics.testNegElbo > 0 && written.durationS > 0);
    const images = readdirSync(join(run, 'images'));
    for (const name of ['samples', 'reconstructions', 'manifold', 'latent-scatter']) {
      assert.ok(images.includes(`${name}-e002.png`), `${name} image`);
    }
    const scatter = JSON.parse(readFileSync(join(run, 'images', 'latent-scatter-e002.json'), 'utf8'));
    assert.equal(scatter.points.length, 256);
    const ckpt = JSON.parse(readFileSync(join(run, 'checkpoints', 'latest.json'), 'utf8'));
    const ckptFiles = readdirSync(join(run, 'checkpoints', ckpt.checkpoint));
    assert.deepEqual(ckptFiles.sort(), ['model.json', 'optimizer-adam.bin', 'optimizer-adam.json', 'state.json', 'weights.bin']);
    const rows = readJsonLines<{ kind: string }>(join(run, 'metrics.jsonl'));
    assert.equal(rows.filter((r) => r.kind === 'epoch').length, 2);
  });

  const STOP_STEP = 3;
  /**
   * A stop request that arrives just before step `step` of the epoch after `arm()`. The trainer looks at its signal once
   * per step; step events come by the clock, so aborting on one could land after the epoch's last step on a busy machine.
   */
  function stopAtStep(step: number) {
    let looks: number | null = null;
    const signal = { get aborted() { return looks !== null && looks++ >= step; }, reason: undefined } as unknown as AbortSignal;
    return { signal, arm: () => { looks = 0; } };
  }

  /** Trains `config` whole, and again stopped inside epoch 2 and resumed; both must end on identical metrics. */
  async function stopAndResume(config: string, overrides: string[], name: string) {
    const full: TrainerEvent[] = [];
    await train({ configPath: config, overrides, outDir: join(tmp.path, `${name}-a`), emit: (e) => full.push(e) });

    const stop = stopAtStep(STOP_STEP);
    const first: TrainerEvent[] = [];
    const stopped = await train({ configPath: config, overrides, outDir: join(tmp.path, `${name}-b`), signal: stop.signal,
      emit: (e) => {
        first.push(e);
        if (e.type === 'epoch' && e.epoch === 1) stop.arm();
      } });
    assert.equal(stopped.status, 'stopped');
    const ckpt = first.filter((e) => e.type === 'checkpoint').pop() as Extract<TrainerEvent, { type: 'checkpoint' }>;
    assert.deepEqual([ckpt.epoch, ckpt.step], [2, STOP_STEP]);
    const resumed: TrainerEvent[] = [];
    const runDir = join(tmp.path, `${name}-b`, readdirSync(join(tmp.path, `${name}-b`))[0]);
    const done = await train({ resumeDir: runDir, emit: (e) => resumed.push(e) });
    assert.equal(done.status, 'done');
    const started = resumed.find((e) => e.type === 'run-started') as Extract<TrainerEvent, { type: 'run-started' }>;
    assert.deepEqual(started.resumedFrom, { epoch: 2, step: ckpt.step });
    // Bit for bit: every optimizer's state, Adam's β-power products included, is in the checkpoint.
    assert.deepEqual(lastEpochMetrics(resumed), lastEpochMetrics(full));
    return runDir;
  }

  for (const optimizer of ['adam', 'sgd', 'rmsprop']) {
    it(`${optimizer}: stopped mid-epoch (SIGTERM path) and resumed, ends exactly where an uninterrupted run does`, async () => {
      const runDir = await stopAndResume(EXAMPLE, [...SMALL, `training.optimizer.type=${optimizer}`], optimizer);
      const rows = readJsonLines<{ kind: string; epoch: number }>(join(runDir, 'metrics.jsonl'));
      assert.deepEqual(rows.filter((r) => r.kind === 'epoch').map((r) => r.epoch), [1, 2]);
    });
  }

  it('gan-1d (two Adams): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'gan-1d.genlab.json'),
      ['training.epochs=2', 'training.stepsPerEpoch=120', 'training.imagesEveryEpochs=2'], 'gan1d');
  });

  it('infogan (two Adams, batch-norm in D, Q and G): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'infogan-mnist.genlab.json'), ['model.width=4', 'model.hidden=16', 'model.qHidden=8',
      'data.limit=512', 'data.testLimit=128', 'training.batchSize=16', 'training.epochs=2', 'training.imagesEveryEpochs=2'], 'infogan');
  });

  it('cvae (labels into encoder and decoder): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'cvae-mnist.genlab.json'), ['model.hidden=[32]', 'data.limit=2048', 'data.testLimit=128',
      'training.batchSize=16', 'training.epochs=2', 'training.imagesEveryEpochs=2'], 'cvae');
  });

  it('acgan (two Adams, batch-norm in G and D, random classes per step): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'acgan-mnist.genlab.json'), ['model.width=4', 'model.latentDim=8', 'model.evaluationSamples=100',
      'data.limit=512', 'data.testLimit=128', 'training.batchSize=16', 'training.epochs=2', 'training.imagesEveryEpochs=2'], 'acgan');
  });

  it('aae (three Adams: reconstruction, discriminator, encoder as generator; prior draws per step): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'aae-mnist-supervised.genlab.json'), ['model.hidden=[16]', 'model.discriminatorHidden=[8]',
      'model.mmdPoints=64', 'model.scatterPoints=64', 'model.manifoldSize=2', 'model.samples=4', 'data.limit=2048', 'data.testLimit=128',
      'training.batchSize=16', 'training.epochs=2', 'training.imagesEveryEpochs=2', 'training.qualitySamples=16'], 'aae');
  });

  it('pixelcnn (masked convolutions, exact NLL, ancestral samples): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'pixelcnn-mnist.genlab.json'), ['model.channels=4', 'model.layers=1', 'model.samples=4',
      'data.limit=1024', 'data.testLimit=64', 'training.batchSize=16', 'training.epochs=2', 'training.imagesEveryEpochs=2', 'training.qualitySamples=16'], 'pixelcnn');
  });

  it('classifier (the quality metrics\' network): stopped mid-epoch and resumed, ends exactly where an uninterrupted run does', async () => {
    await stopAndResume(join(ROOT, 'examples', 'classifier-mnist.genlab.json'), ['data.limit=512', 'data.testLimit=128',
      'training.batchSize=16', 'training.epochs=2'], 'classifier');
  });

  it('killed with SIGKILL mid-epoch, `genlab train --resume` finishes with the uninterrupted metrics', async () => {
    const out = join(tmp.path, 'runs');
    const sets = [...SMALL, 'data.limit=1024', 'training.batchSize=32'].flatMap((s) => ['--set', s]);
    const full = await runCli(['train', EXAMPLE, ...sets, '--out', join(tmp.path, 'full'), '--json']);
    assert.equal(full.code, 0, full.stderr);

    const killed = await runCli(['train', EXAMPLE, ...sets, '--out', out, '--json'], (e, child) => {
      // Right after the epoch-1 checkpoint, while epoch 2 is under way.
      if (e.type === 'checkpoint' && e.epoch === 2) child.kill('SIGKILL');
    });
    assert.equal(killed.signal, 'SIGKILL');
    const runDir = join(out, readdirSync(out)[0]);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    assert.equal(summary.status, 'running', 'a killed trainer cannot say goodbye');

    const resumed = await runCli(['train', '--resume', runDir, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const started = resumed.events.find((e) => e.type === 'run-started') as Extract<TrainerEvent, { type: 'run-started' }>;
    assert.deepEqual(started.resumedFrom, { epoch: 2, step: 0 }, 'continues from the epoch-1 checkpoint');
    assert.deepEqual(lastEpochMetrics(resumed.events), lastEpochMetrics(full.events));
    assert.equal(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')).status, 'done');
  });
});
