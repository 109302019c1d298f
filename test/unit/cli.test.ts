import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../../src/engine/runs/runLock';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');
const TINY = ['model.hidden=[16]', 'data.limit=256', 'data.testLimit=64', 'training.epochs=1', 'training.batchSize=64']
  .flatMap((s) => ['--set', s]);

describe('genlab CLI', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  it('validate: exit 0 for a good config', async () => {
    const r = await runCli(['validate', EXAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid vae config "vae-mnist"/);
  });

  it('exit 2 for a broken config, naming file, path and line — and creating no run', async () => {
    const file = join(tmp.path, 'broken.genlab.json');
    writeFileSync(file, '{\n  "model": { "type": "vae", "latentDim": "2" },\n  "trainig": { "epochs": 1 }\n}\n');
    for (const command of ['validate', 'train']) {
      const r = await runCli([command, file, ...(command === 'train' ? ['--out', join(tmp.path, 'runs')] : [])]);
      assert.equal(r.code, 2, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /broken\.genlab\.json:2:\d+: model\.latentDim: .*expected number/);
      assert.match(r.stderr, /broken\.genlab\.json:3:3: trainig: unknown key "trainig"/);
    }
    assert.equal(existsSync(join(tmp.path, 'runs')), false);
  });

  it('--json reports an invalid config as an event the extension can show', async () => {
    const file = join(tmp.path, 'bad.genlab.json');
    writeFileSync(file, '{ "model": { "type": "vae" }, "data": { "source": "image-folder", "dir": "./nowhere" } }');
    const r = await runCli(['train', file, '--json']);
    assert.equal(r.code, 2);
    const event = r.events.find((e) => e.type === 'invalid-config');
    assert.ok(event && event.type === 'invalid-config');
    assert.equal(event.issues[0].path, 'data.dir');
    assert.equal(event.issues[0].line, 1);
  });

  it('exit 2 for unknown commands and bad arguments', async () => {
    assert.equal((await runCli(['trian'])).code, 2);
    assert.equal((await runCli(['sample', join(tmp.path, 'not-a-run')])).code, 2);
    assert.equal((await runCli(['train', EXAMPLE, '--set'])).code, 2);
  });

  it('exit 2, not done with 0 steps, for an idx training split of 0 images', async () => {
    const data = join(tmp.path, 'empty-fashion');
    mkdirSync(data);
    const idx = (dims: number[]) => {
      const header = Buffer.alloc(4 + 4 * dims.length);
      header.writeUInt8(8, 2);
      header.writeUInt8(dims.length, 3);
      dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
      return Buffer.concat([header, Buffer.alloc(dims.reduce((a, b) => a * b, 1))]);
    };
    writeFileSync(join(data, 'train-images-idx3-ubyte'), idx([0, 28, 28]));
    writeFileSync(join(data, 'train-labels-idx1-ubyte'), idx([0]));
    writeFileSync(join(data, 't10k-images-idx3-ubyte'), idx([4, 28, 28]));
    writeFileSync(join(data, 't10k-labels-idx1-ubyte'), idx([4]));
    const r = await runCli(['train', EXAMPLE, ...TINY, '--set', 'data.source=fashion-mnist', '--set', `data.dir=${data}`,
      '--out', join(tmp.path, 'runs')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /vae-mnist\.genlab\.json: data \(source fashion-mnist\): the train set of fashion-mnist has 0 images/);
    assert.doesNotMatch(r.stderr + r.stdout, /done —|\n\s+at /);
  });

  it('train → runs → sample: trains, lists the run and draws from its checkpoint', async () => {
    const out = join(tmp.path, 'runs');
    const trained = await runCli(['train', EXAMPLE, ...TINY, '--out', out]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /backend: \w+/);
    assert.match(trained.stdout, /done — 1 epochs/);
    const listed = await runCli(['runs', out]);
    assert.match(listed.stdout, /RUN\s+STATUS\s+MODEL/);
    assert.match(listed.stdout, /-vae-mnist\s+done\s+vae\s+1\/1/);
    const [runId] = readdirSync(out);
    assert.equal(existsSync(join(out, runId, LOCK_FILE)), false, 'a finished trainer releases the run folder');
    const sampled = await runCli(['sample', join(out, runId), '--n', '16']);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stdout, /images\/samples-sample-\d+.*\.png/);
  });

  it('exit 1 when the loss becomes NaN, keeping what was written', async () => {
    const out = join(tmp.path, 'runs');
    const r = await runCli(['train', EXAMPLE, ...TINY, '--set', 'training.optimizer.learningRate=1e30', '--out', out, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const finished = r.events.find((e) => e.type === 'run-finished');
    assert.ok(finished && finished.type === 'run-finished');
    assert.equal(finished.status, 'failed');
    assert.match(finished.message ?? '', /became (NaN|Infinity).*training\.optimizer\.learningRate/);
    // It fails in epoch 1, before the first checkpoint: the message must not promise one.
    assert.match(finished.message ?? '', /No checkpoint was saved yet/);
    assert.doesNotMatch(finished.message ?? '', /checkpoint is kept/);
    const [runId] = readdirSync(out);
    assert.ok(existsSync(join(out, runId, 'config.json')) && existsSync(join(out, runId, 'summary.json')));
    assert.equal(existsSync(join(out, runId, LOCK_FILE)), false, 'a failed trainer releases the run folder');
  });

  it('a NaN after a checkpoint names the epoch whose checkpoint is kept', async () => {
    const out = join(tmp.path, 'runs');
    const first = await runCli(['train', EXAMPLE, ...TINY, '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    const [runId] = readdirSync(out);
    // Epoch 1 ended with a checkpoint; epoch 2, at a learning rate that overflows, becomes NaN.
    const r = await runCli(['train', '--resume', join(out, runId), '--set', 'training.epochs=2',
      '--set', 'training.optimizer.learningRate=1e30', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const finished = r.events.find((e) => e.type === 'run-finished');
    assert.ok(finished && finished.type === 'run-finished');
    assert.match(finished.message ?? '', /became (NaN|Infinity) at epoch 2/);
    assert.match(finished.message ?? '', /the checkpoint saved at the end of epoch 1 is kept/i);
  });
});
