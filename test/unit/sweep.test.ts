import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { SweepFile, TrainerEvent } from '../../src/shared/protocol';
import { sweepSchema } from '../../src/engine/config/sweepSchema';
import { expandSweep } from '../../src/engine/sweep/expand';
import { LOCK_FILE, type RunLockOwner } from '../../src/engine/runs/runLock';
import { sameProcessAlive } from '../../src/engine/runs/processIdentity';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

/** A 1-D GAN small enough that a trial takes about a second. */
function writeSweepConfig(dir: string, sweep: Record<string, unknown>, epochs = 2, stepsPerEpoch = 10): string {
  const file = join(dir, 'tiny.genlab.json');
  writeFileSync(file, JSON.stringify({
    name: 'tiny',
    // wasm by name: the backend whose thread count a trial's share of the cores decides.
    backend: 'wasm',
    model: { type: 'gan-1d', generatorHidden: [8], discriminatorHidden: [8] },
    training: { epochs, stepsPerEpoch, batchSize: 32 },
    sweep,
  }, null, 2));
  return file;
}

const GRID = { grid: { 'training.optimizer.learningRate': [0.001, 0.0002], 'model.noiseDim': [2, 4] }, metric: 'js' };

const readSweep = (dir: string) => JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepFile;

/**
 * Waits until the trainer that holds `runDir` has died. A process group's SIGKILL ends its members one by one: the
 * sweep can be gone while its trainer still runs for a moment on a busy machine, and a live trainer keeps its lock.
 */
async function untilTrainerGone(runDir: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const lock = join(runDir, LOCK_FILE);
    if (!existsSync(lock)) return;
    const owner = JSON.parse(readFileSync(lock, 'utf8')) as RunLockOwner;
    if (!sameProcessAlive(owner.pid, owner.processStart)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the trainer of ${runDir} outlived its SIGKILL by 5 s`);
}

describe('sweeps', function () {
  this.timeout(180000);
  const tmp = useTempDir();

  it('expands a grid into every combination, the first path slowest', () => {
    const trials = expandSweep(sweepSchema.parse({ grid: { a: [1, 2], b: ['x', 'y', 'z'] } }));
    assert.deepEqual(trials.map((t) => t.overrides), [
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' }]);
  });

  it('draws random trials in their ranges, the same for the same seed and different for another', () => {
    const random = { lr: { logUniform: [1e-5, 1e-1] }, beta: { uniform: [0.5, 2] }, hidden: { choice: [[16], [32, 32]] } };
    const a = expandSweep(sweepSchema.parse({ random, trials: 50, seed: 7 }));
    const b = expandSweep(sweepSchema.parse({ random, trials: 50, seed: 7 }));
    const c = expandSweep(sweepSchema.parse({ random, trials: 50, seed: 8 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(a.length, 50);
    for (const { overrides: o } of a) {
      assert.ok((o.lr as number) >= 1e-5 && (o.lr as number) < 1e-1);
      assert.ok((o.beta as number) >= 0.5 && (o.beta as number) < 2);
      assert.ok([16, 32].includes((o.hidden as number[])[0]));
    }
    // Log-uniform: about as many draws below the geometric middle (1e-3) as above it.
    const below = a.filter((t) => (t.overrides.lr as number) < 1e-3).length;
    assert.ok(below > 10 && below < 40, `${below} of 50 below 1e-3`);
    // A grid crossed with random draws: every grid point gets each draw.
    const crossed = expandSweep(sweepSchema.parse({ grid: { g: [1, 2] }, random: { beta: random.beta }, trials: 3, seed: 7 }));
    assert.equal(crossed.length, 6);
    assert.deepEqual(crossed.slice(3).map((t) => t.overrides.beta), crossed.slice(0, 3).map((t) => t.overrides.beta));
  });

  it('rejects a bad value in any trial before the first starts, naming the trial and the path', async () => {
    const config = writeSweepConfig(tmp.path, { grid: { 'model.noiseDim': [2, 4, 8, -1] } });
    const out = join(tmp.path, 'sweep');
    const r = await runCli(['sweep', config, '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /tiny\.genlab\.json:\d+:\d+: sweep\.grid\.model\.noiseDim: trial 3 sets model\.noiseDim = -1: model\.noiseDim: Too small/);
    assert.doesNotMatch(r.stderr, /trial [012] /);
    assert.equal(existsSync(out), false, 'nothing was written');
  });

  it('runs a 2×2 grid as four ordinary runs and prints the ranked table', async () => {
    const config = writeSweepConfig(tmp.path, GRID);
    const out = join(tmp.path, 'sweep');
    const r = await runCli(['sweep', config, '--out', out, '--parallel', '2']);
    assert.equal(r.code, 0, r.stderr);
    const file = readSweep(out);
    assert.equal(file.status, 'done');
    assert.deepEqual(file.trials.map((t) => t.status), ['done', 'done', 'done', 'done']);
    const values = file.trials.map((t) => t.value!);
    assert.ok(values.every(Number.isFinite));
    assert.equal(file.best!.value, Math.min(...values));
    for (const t of file.trials) {
      const run = JSON.parse(readFileSync(join(out, t.run!, 'config.json'), 'utf8'));
      assert.deepEqual(run.sweepTrial.overrides, t.overrides);
      assert.equal(run.training.optimizer.learningRate, t.overrides['training.optimizer.learningRate']);
      assert.equal(run.model.noiseDim, t.overrides['model.noiseDim']);
      assert.equal(run.sweep, undefined);
    }
    // Two trials at a time: each got half the cores for its wasm threads (a pool on a shared core is slower than one thread).
    const share = Math.max(1, Math.floor(availableParallelism() / 2));
    for (const t of file.trials) {
      const events = readFileSync(join(out, t.run!, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainerEvent);
      const backend = events.find((e): e is Extract<TrainerEvent, { type: 'backend' }> => e.type === 'backend')!;
      assert.match(backend.threadsReason ?? '', share < 2 ? /this run's share is 1 of \d+ cores/ : new RegExp(`share ${share}\\)`), `trial ${t.index}`);
    }
    // The table lists the trials best first, with their swept values.
    const rows = r.stdout.split('\n').filter((l) => /^\d+\s+\d+\s+done/.test(l));
    assert.equal(rows.length, 4);
    const ranked = [...file.trials].sort((a, b) => a.value! - b.value!);
    rows.forEach((row, i) => assert.match(row, new RegExp(`^${i + 1}\\s+${ranked[i].index}\\s+done\\s+${ranked[i].overrides['training.optimizer.learningRate']}\\s+${ranked[i].overrides['model.noiseDim']}\\s`)));
  });

  it('resumes a sweep killed mid-way: finished trials are kept, the interrupted one continues', async () => {
    // Epochs long enough that the kill lands inside trial 1, after its first checkpoint.
    const config = writeSweepConfig(tmp.path, GRID, 4, 40);
    const out = join(tmp.path, 'sweep');
    // The sweep and its trainers in one process group, killed together without warning.
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src', 'cli', 'main.ts'),
      'sweep', config, '--out', out, '--parallel', '1'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (/trial 1: epoch 2\/4/.test(stdout)) process.kill(-child.pid!, 'SIGKILL');
      });
      child.on('close', () => resolve());
    });
    const killed = readSweep(out);
    assert.equal(killed.trials[0].status, 'done');
    assert.equal(killed.trials[2].status, 'pending');
    const firstRun = killed.trials[0].run!;
    const firstSummary = readFileSync(join(out, firstRun, 'summary.json'), 'utf8');
    for (const run of readdirSync(out).filter((f) => f.includes('-tiny-t'))) await untilTrainerGone(join(out, run));

    const r = await runCli(['sweep', config, '--out', out, '--parallel', '2']);
    assert.equal(r.code, 0, r.stderr || r.stdout);
    assert.match(r.stdout, /3 to run/);
    assert.match(r.stdout, /trial 1: resuming/);
    const file = readSweep(out);
    assert.deepEqual(file.trials.map((t) => t.status), ['done', 'done', 'done', 'done']);
    assert.equal(file.trials[0].run, firstRun);
    assert.equal(readFileSync(join(out, firstRun, 'summary.json'), 'utf8'), firstSummary, 'the finished trial was not trained again');
    assert.equal(readdirSync(out).filter((f) => f.includes('-tiny-t')).length, 4, 'one run per trial');
    const events = readFileSync(join(out, file.trials[1].run!, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrainerEvent);
    const resumed = events.filter((e) => e.type === 'run-started' && e.resumedFrom);
    assert.equal(resumed.length, 1);
    assert.ok(resumed[0].type === 'run-started' && resumed[0].resumedFrom!.epoch >= 2);
  });

  it('--trial N runs exactly that trial', async () => {
    const config = writeSweepConfig(tmp.path, GRID);
    const out = join(tmp.path, 'sweep');
    const r = await runCli(['sweep', config, '--out', out, '--trial', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readSweep(out).trials.map((t) => t.status), ['pending', 'pending', 'done', 'pending']);
    assert.equal((await runCli(['sweep', config, '--out', out, '--trial', '4'])).code, 2);
  });
});
