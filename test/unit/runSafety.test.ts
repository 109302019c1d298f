import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, truncateSync,
  writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainerEvent } from '../../src/shared/protocol';
import { selectBackend } from '../../src/engine/backend/select';
import { makeOptimizer } from '../../src/engine/nn/optimizers';
import { chooseCheckpoint, latestCheckpoint, restoreCheckpoint, saveCheckpoint } from '../../src/engine/runs/checkpoint';
import { readCheckpoint } from '../../src/engine/runs/checkpointFiles';
import { removeLeftovers } from '../../src/engine/runs/leftovers';
import { train } from '../../src/engine/train/trainer';
import { appendJsonLine, writeFileAtomic } from '../../src/engine/util/atomicFile';
import { DiskFullError } from '../../src/engine/util/diskFull';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');
const TINY = ['model.hidden=[16]', 'data.limit=256', 'data.testLimit=64', 'training.epochs=1', 'training.batchSize=64'];
const cliSets = (sets: string[]) => sets.flatMap((s) => ['--set', s]);
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** A tmpfs of `size` mounted for the suite (root only): a disk that really runs full. */
function useSmallDisk(size: string): { path: string } {
  const disk = { path: '' };
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    disk.path = mkdtempSync(join(tmpdir(), 'genlab-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk.path]);
  });
  afterEach(() => {
    if (disk.path) for (const entry of readdirSync(disk.path)) rmSync(join(disk.path, entry), { recursive: true, force: true });
  });
  after(() => {
    if (!disk.path) return;
    execFileSync('umount', [disk.path]);
    rmSync(disk.path, { recursive: true, force: true });
  });
  return disk;
}

/** Fills the disk of `dir` with a file that leaves `free` bytes; returns the file (delete it to free the space). */
function fillLeaving(dir: string, free: number): string {
  const { bavail, bsize } = statfsSync(dir);
  const filler = join(dir, 'filler');
  writeFileSync(filler, Buffer.alloc(bavail * bsize - free));
  return filler;
}

/** Every file of a run is whole (PNGs end in IEND, JSON parses, each checkpoint checks out) and nothing temporary is left. */
function assertRunWhole(runDir: string): void {
  for (const entry of readdirSync(runDir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    assert.ok(!entry.name.startsWith('.'), `left behind: ${path}`);
    if (!entry.isFile()) continue;
    const bytes = readFileSync(path);
    if (entry.name.endsWith('.png')) assert.ok(bytes.subarray(-12).equals(PNG_END), `truncated PNG: ${path}`);
    if (entry.name.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(bytes.toString()), `torn JSON: ${path}`);
    if (entry.name.endsWith('.jsonl')) {
      for (const line of bytes.toString().split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), `torn line in ${path}`);
    }
  }
  const checkpoints = join(runDir, 'checkpoints');
  for (const name of readdirSync(checkpoints).filter((f) => f.startsWith('ckpt-'))) readCheckpoint(join(checkpoints, name), 'resume');
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const flipByte = (path: string, at = 100) => {
  const bytes = readFileSync(path);
  bytes[at] ^= 0xff;
  writeFileSync(path, bytes);
};
const genlabLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('genlab:'));

describe('run safety: a full disk', function () {
  this.timeout(120000);
  const disk = useSmallDisk('2m');

  it('an atomic write that does not fit throws DiskFullError (folder, size) and leaves the old file and no temp file', () => {
    const target = join(disk.path, 'summary.json');
    writeFileAtomic(target, 'old');
    fillLeaving(disk.path, 8192);
    const big = Buffer.alloc(40960, 7);
    assert.throws(() => writeFileAtomic(target, big),
      (e: unknown) => e instanceof DiskFullError && e.folder === disk.path && e.bytesNeeded === 40960 && /needs 40\.0 KiB/.test(e.message));
    assert.equal(readFileSync(target, 'utf8'), 'old');
    assert.deepEqual(readdirSync(disk.path).sort(), ['filler', 'summary.json']);
  });

  it('a JSON line that does not fit leaves the file as it was, not with half a line', () => {
    const file = join(disk.path, 'events.jsonl');
    appendJsonLine(file, { n: 1 });
    fillLeaving(disk.path, 0);
    assert.throws(() => appendJsonLine(file, { text: 'x'.repeat(20000) }), DiskFullError);
    assert.equal(readFileSync(file, 'utf8'), '{"n":1}\n');
  });

  // 40 KiB runs out at the epoch's first image, 800 KiB after the images, at the checkpoint (≈ 310 KiB).
  for (const { free, folder } of [{ free: 40 * 1024, folder: 'images' }, { free: 800 * 1024, folder: 'checkpoints' }]) {
    it(`train with ${free / 1024} KiB free: one line naming ${folder} (exit 1), nothing torn or temporary left; --resume finishes once there is space`, async () => {
      const out = join(disk.path, 'runs');
      const filler = fillLeaving(disk.path, free);
      const failed = await runCli(['train', EXAMPLE, ...cliSets(TINY), '--out', out]);
      assert.equal(failed.code, 1, failed.stderr);
      const said = genlabLines(failed.stderr);
      assert.equal(said.length, 1, failed.stderr);
      assert.match(said[0], new RegExp(`^genlab: no space left on the device: writing into \\S+/${folder} needs [\\d.]+ KiB, [\\d.]+ KiB free; ` +
        'free some space, then: genlab train --resume \\S+$'));
      assert.doesNotMatch(failed.stderr, /^\s+at /m, 'no stack trace');
      const runDir = join(out, readdirSync(out)[0]);
      assertRunWhole(runDir);
      assert.equal(readJson(join(runDir, 'summary.json')).status, 'failed');

      rmSync(filler);
      const resumed = await runCli(['train', '--resume', runDir]);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(readJson(join(runDir, 'summary.json')).status, 'done');
      assertRunWhole(runDir);
    });
  }
});

describe('run safety: checkpoints', function () {
  this.timeout(120000);
  const tmp = useTempDir();
  let serial = 0;
  before(() => selectBackend('cpu'));

  /** Saves a one-weight checkpoint (w = value everywhere, Adam after one step) at `globalStep`, as an epoch end. */
  async function saveSmall(dir: string, globalStep: number, value: number): Promise<void> {
    const w = tf.variable(tf.fill([64], value), true, `w${serial++}`);
    const adam = makeOptimizer({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999 });
    tf.dispose(adam.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]) ?? []);
    w.assign(tf.fill([64], value));
    await saveCheckpoint(dir, { variables: { w }, optimizers: { adam } },
      { epoch: globalStep / 4 + 1, step: 0, globalStep, epochSums: {}, epochCount: 0 }, 'all');
    w.dispose();
    adam.dispose();
  }

  /** Restores a checkpoint into a fresh weight; returns the weight's value and where it resumes. */
  async function loadSmall(dir: string): Promise<{ value: number; globalStep: number }> {
    const w = tf.variable(tf.zeros([64]), true, `w${serial++}`);
    const adam = makeOptimizer({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999 });
    const position = await restoreCheckpoint(dir, { variables: { w }, optimizers: { adam } });
    const value = w.dataSync()[0];
    w.dispose();
    adam.dispose();
    return { value, globalStep: position.globalStep };
  }

  /** The checkpoints folder of a run in tmp.path. */
  const dir = () => join(tmp.path, 'checkpoints');
  const older = () => join(dir(), 'ckpt-000000004');
  const newer = () => join(dir(), 'ckpt-000000008');
  const damages: { what: string; damage: () => void; expect: () => string; problem: RegExp }[] = [
    { what: 'latest.json names a folder that is gone', damage: () => rmSync(newer(), { recursive: true }), expect: older,
      problem: /latest\.json: names ckpt-000000008, which does not exist/ },
    { what: 'the latest state.json is missing', damage: () => rmSync(join(newer(), 'state.json')), expect: older,
      problem: /ckpt-000000008\/state\.json: is missing/ },
    { what: 'latest.json is truncated', damage: () => truncateSync(join(dir(), 'latest.json'), 10), expect: newer,
      problem: /latest\.json: is not valid JSON/ },
    { what: 'model.json is truncated', damage: () => truncateSync(join(newer(), 'model.json'), 20), expect: older,
      problem: /ckpt-000000008\/model\.json: its content does not match the SHA-256/ },
    { what: 'weights.bin has a flipped byte', damage: () => flipByte(join(newer(), 'weights.bin')), expect: older,
      problem: /ckpt-000000008\/weights\.bin: its content does not match the SHA-256/ },
    { what: 'the optimizer slots are truncated', damage: () => truncateSync(join(newer(), 'optimizer-adam.bin'), 12), expect: older,
      problem: /ckpt-000000008\/optimizer-adam\.bin: its content does not match the SHA-256/ },
    { what: 'state.json has a negative step', expect: older, problem: /ckpt-000000008\/state\.json: "step" is not an integer ≥ 0/,
      damage: () => writeFileSync(join(newer(), 'state.json'), JSON.stringify({ ...readJson(join(newer(), 'state.json')), step: -3 })) },
    { what: 'state.json has an epoch of the wrong type', expect: older, problem: /ckpt-000000008\/state\.json: "epoch" is not an integer ≥ 1/,
      damage: () => writeFileSync(join(newer(), 'state.json'), JSON.stringify({ ...readJson(join(newer(), 'state.json')), epoch: '3' })) },
  ];
  for (const { what, damage, expect, problem } of damages) {
    it(`${what}: the newest intact checkpoint is used, and the damage is named`, async () => {
      await saveSmall(dir(), 4, 1);
      await saveSmall(dir(), 8, 2);
      damage();
      assert.equal(latestCheckpoint(dir()), expect());
      const choice = chooseCheckpoint(dir());
      assert.equal(choice.damaged.length, 1, choice.damaged.join('\n'));
      assert.match(choice.damaged[0], problem);
      assert.deepEqual(await loadSmall(expect()), expect() === older() ? { value: 1, globalStep: 4 } : { value: 2, globalStep: 8 });
    });
  }

  it('a checkpoint from before checksums still loads (not verified), and a truncated file in one is still found', async () => {
    await saveSmall(dir(), 4, 1);
    await saveSmall(dir(), 8, 2);
    for (const ckpt of [older(), newer()]) {
      const { sha256, ...state } = readJson(join(ckpt, 'state.json'));
      assert.ok(sha256['weights.bin'], 'a new checkpoint records its files');
      writeFileSync(join(ckpt, 'state.json'), JSON.stringify(state));
    }
    assert.deepEqual(chooseCheckpoint(dir()), { dir: newer(), damaged: [] });
    assert.deepEqual(await loadSmall(newer()), { value: 2, globalStep: 8 });
    truncateSync(join(newer(), 'weights.bin'), 100);
    const choice = chooseCheckpoint(dir());
    assert.equal(choice.dir, older());
    assert.match(choice.damaged[0], /ckpt-000000008\/weights\.bin: has 100 bytes but model\.json describes 256/);
  });

  it('killed while a checkpoint of the same name is replaced (stop at step 0): the old one survives and is put back', async () => {
    await saveSmall(dir(), 4, 1);
    // The same save in a child that is killed at the very moment the new folder would be renamed into place.
    const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', `
      const fs = require('node:fs');
      const path = require('node:path');
      const rename = fs.renameSync;
      fs.renameSync = (from, to) => {
        if (path.basename(from).startsWith('.tmp-ckpt')) process.kill(process.pid, 'SIGKILL');
        return rename(from, to);
      };
      const tf = require('@tensorflow/tfjs-core');
      const { selectBackend } = require(${JSON.stringify(join(ROOT, 'src/engine/backend/select.ts'))});
      const { saveCheckpoint } = require(${JSON.stringify(join(ROOT, 'src/engine/runs/checkpoint.ts'))});
      const { makeOptimizer } = require(${JSON.stringify(join(ROOT, 'src/engine/nn/optimizers.ts'))});
      selectBackend('cpu').then(() => saveCheckpoint(${JSON.stringify(dir())},
        { variables: { w: tf.variable(tf.fill([64], 5)) },
          optimizers: { adam: makeOptimizer({ type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999 }) } },
        { epoch: 2, step: 0, globalStep: 4, epochSums: {}, epochCount: 0 }, 'all'));
    `], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.equal(existsSync(older()), false, 'killed with the old checkpoint moved aside');
    removeLeftovers(tmp.path);
    assert.deepEqual(readdirSync(dir()).filter((f) => f.startsWith('.')), [], 'temporary folders cleared');
    assert.deepEqual(chooseCheckpoint(dir()), { dir: older(), damaged: [] });
    assert.deepEqual(await loadSmall(older()), { value: 1, globalStep: 4 });
  });
});

describe('run safety: resuming a run', function () {
  this.timeout(120000);
  const tmp = useTempDir();
  let base = '';
  let baseRun = '';

  // One real run for the suite (2 epochs: checkpoints ckpt-000000004 and ckpt-000000008); each test damages a copy.
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'genlab-base-'));
    await train({ configPath: EXAMPLE, overrides: [...TINY, 'training.epochs=2'], outDir: base, emit: () => undefined });
    baseRun = join(base, readdirSync(base)[0]);
  });
  after(() => rmSync(base, { recursive: true, force: true }));
  const copyRun = () => {
    const run = join(tmp.path, 'run');
    cpSync(baseRun, run, { recursive: true });
    return run;
  };
  const ckpt = (run: string, step: number, file = '') => join(run, 'checkpoints', `ckpt-${String(step).padStart(9, '0')}`, file);
  const epochRows = (run: string) => readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l)).filter((r) => r.kind === 'epoch').map((r) => r.epoch);

  it('--resume with the latest checkpoint damaged continues from the one before and says so', async () => {
    const run = copyRun();
    rmSync(ckpt(run, 8, 'state.json'));
    const events: TrainerEvent[] = [];
    const summary = await train({ resumeDir: run, emit: (e) => events.push(e) });
    assert.equal(summary.status, 'done');
    const warning = events.find((e) => e.type === 'log' && e.level === 'warn');
    assert.ok(warning && warning.type === 'log');
    assert.match(warning.message, /ckpt-000000008\/state\.json: is missing.*resuming from ckpt-000000004 \(epoch 2, step 0\)/);
    const started = events.find((e) => e.type === 'run-started');
    assert.ok(started && started.type === 'run-started');
    assert.deepEqual(started.resumedFrom, { epoch: 2, step: 0 });
    assert.deepEqual(epochRows(run), [1, 2]);
  });

  it('--resume with no intact checkpoint is refused (exit 2, naming file and field) and keeps the metrics', async () => {
    const run = copyRun();
    const state = ckpt(run, 8, 'state.json');
    writeFileSync(state, JSON.stringify({ ...readJson(state), globalStep: -8 }));
    flipByte(ckpt(run, 4, 'weights.bin'));
    const metrics = readFileSync(join(run, 'metrics.jsonl'));
    const r = await runCli(['train', '--resume', run]);
    assert.equal(r.code, 2, r.stderr);
    const said = genlabLines(r.stderr);
    assert.equal(said.length, 1, r.stderr);
    assert.match(said[0], /no intact checkpoint .*ckpt-000000008\/state\.json: "globalStep" is not an integer ≥ 0/);
    assert.match(said[0], /ckpt-000000004\/weights\.bin: its content does not match the SHA-256/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.ok(readFileSync(join(run, 'metrics.jsonl')).equals(metrics), 'metrics untouched');
  });

  it('genlab sample: a flipped byte in weights.bin is found, the checkpoint before used with a warning; none intact is exit 2', async () => {
    const run = copyRun();
    flipByte(ckpt(run, 8, 'weights.bin'));
    const fellBack = await runCli(['sample', run, '--n', '4']);
    assert.equal(fellBack.code, 0, fellBack.stderr);
    assert.match(fellBack.stderr, /warning: .*ckpt-000000008\/weights\.bin: its content does not match the SHA-256.*sampling from \S+ckpt-000000004/);
    flipByte(ckpt(run, 4, 'weights.bin'));
    const refused = await runCli(['sample', run, '--n', '4']);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /has no intact checkpoint .*ckpt-000000004\/weights\.bin/);
  });

  it('a run from before checksums resumes without a warning', async () => {
    const run = copyRun();
    for (const step of [4, 8]) {
      const { sha256: _, ...state } = readJson(ckpt(run, step, 'state.json'));
      writeFileSync(ckpt(run, step, 'state.json'), JSON.stringify(state));
    }
    const events: TrainerEvent[] = [];
    assert.equal((await train({ resumeDir: run, emit: (e) => events.push(e) })).status, 'done');
    assert.deepEqual(events.filter((e) => e.type === 'log'), []);
  });

  it('--resume clears temporary files and folders that dead writers left, not those of a live one', async () => {
    const run = copyRun();
    const dead = spawnSync('true').pid!;
    const leftovers = [
      `.summary.json.${dead}.1700000000000.tmp`, `images/.samples-e001.png.${dead}.1700000000001.tmp`,
      `checkpoints/.latest.json.${dead}.1700000000002.tmp`, `checkpoints/.tmp-ckpt-000000012-${dead}/model.json`,
    ];
    const live = `checkpoints/.latest.json.${process.pid}.1700000000003.tmp`;
    for (const file of [...leftovers, live]) {
      mkdirSync(join(run, file, '..'), { recursive: true });
      writeFileSync(join(run, file), '');
    }
    const events: TrainerEvent[] = [];
    assert.equal((await train({ resumeDir: run, emit: (e) => events.push(e) })).status, 'done');
    for (const file of leftovers) assert.equal(existsSync(join(run, file)), false, `${file} removed`);
    assert.equal(existsSync(join(run, 'checkpoints', `.tmp-ckpt-000000012-${dead}`)), false);
    assert.ok(existsSync(join(run, live)), 'a live writer keeps its file');
    assert.ok(statSync(join(run, 'summary.json')).size > 0);
    assert.ok(events.some((e) => e.type === 'log' && /removed what interrupted writes left/.test(e.message)));
  });
});
