import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/engine/config/load';
import { acquireRunLock, liveTrainerOf, LOCK_FILE, RunLockedError, type RunLockOwner } from '../../src/engine/runs/runLock';
import { processStartTime } from '../../src/engine/runs/processIdentity';
import { readJsonLines, RunStore } from '../../src/engine/runs/store';
import { runInfoFromSummary } from '../../src/extension/runs/runInfo';
import type { RunSummary } from '../../src/shared/protocol';
import { STOP_MESSAGE } from '../../src/shared/trainerControl';
import { runCli, ROOT, startCli } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');

/** A pid that was in use a moment ago and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

function plantLock(dir: string, owner: Partial<RunLockOwner>): void {
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), since: '2026-01-01T00:00:00.000Z',
    runId: 'r1', ...owner }));
}

const lockOwner = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as RunLockOwner;

describe('run folder lock', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  it('is exclusive: a second taker is refused with who holds it (pid, host, since); release frees it', () => {
    const lock = acquireRunLock(tmp.path, 'r1');
    assert.deepEqual([lockOwner(tmp.path).pid, lockOwner(tmp.path).host, lockOwner(tmp.path).runId], [process.pid, hostname(), 'r1']);
    assert.throws(() => acquireRunLock(tmp.path, 'r1'), (e: Error) => e instanceof RunLockedError
      && e.message.includes(`pid ${process.pid} on ${hostname()} since ${lock.owner.since}`));
    lock.release();
    assert.equal(existsSync(join(tmp.path, LOCK_FILE)), false);
    acquireRunLock(tmp.path, 'r1').release();
  });

  it('takes over a stale lock: same host, its process gone', () => {
    plantLock(tmp.path, {});
    const lock = acquireRunLock(tmp.path, 'r1');
    assert.equal(lockOwner(tmp.path).pid, process.pid);
    lock.release();
  });

  it('takes over a lock naming its own pid that it does not hold (a restarted container reuses pids)', () => {
    plantLock(tmp.path, { pid: process.pid });
    acquireRunLock(tmp.path, 'r1').release();
  });

  it('takes over a lock whose pid now belongs to a process started later (pid reused)', function () {
    if (processStartTime(process.pid) === undefined) this.skip(); // no /proc: start times are not known
    plantLock(tmp.path, { pid: process.ppid, processStart: '1' });
    acquireRunLock(tmp.path, 'r1').release();
  });

  it('refuses a lock held on another machine (its process cannot be checked from here) and an unreadable one', () => {
    plantLock(tmp.path, { host: 'another-host' });
    assert.throws(() => acquireRunLock(tmp.path, 'r1'), /in use by another trainer: pid \d+ on another-host since 2026-01-01/);
    writeFileSync(join(tmp.path, LOCK_FILE), '');
    assert.throws(() => acquireRunLock(tmp.path, 'r1'), /trainer\.lock exists but it is not a GenLab lock/);
  });

  it('release leaves a lock that another process took over', () => {
    const lock = acquireRunLock(tmp.path, 'r1');
    plantLock(tmp.path, { pid: process.ppid });
    lock.release();
    assert.equal(lockOwner(tmp.path).pid, process.ppid);
  });

  it('liveTrainerOf: only a readable lock of this run, on this host, whose process runs', () => {
    assert.equal(liveTrainerOf(tmp.path, 'r1'), null, 'no lock');
    const lock = acquireRunLock(tmp.path, 'r1');
    assert.equal(liveTrainerOf(tmp.path, 'r1')?.pid, process.pid);
    assert.equal(liveTrainerOf(tmp.path, 'r2'), null, 'a lock of another run (a copied folder)');
    lock.release();
    plantLock(tmp.path, {});
    assert.equal(liveTrainerOf(tmp.path, 'r1'), null, 'its process is gone');
    plantLock(tmp.path, { pid: process.pid, host: 'another-host' });
    assert.equal(liveTrainerOf(tmp.path, 'r1'), null, 'another machine');
  });

  it('a planted summary claiming `running` for pid 1 is shown as interrupted, its pid not offered for stopping', () => {
    const planted = { runId: 'r1', name: 'n', model: 'vae', backend: 'cpu', status: 'running', pid: 1, epochs: 0, totalEpochs: 2,
      steps: 0, durationS: 0, metrics: {}, startedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' } as RunSummary;
    const orphan = runInfoFromSummary(tmp.path, planted);
    assert.deepEqual([orphan.status, orphan.pid], ['stopped', undefined]);
    assert.match(orphan.message ?? '', /interrupted/);
    const lock = acquireRunLock(tmp.path, 'r1');
    const live = runInfoFromSummary(tmp.path, planted);
    assert.deepEqual([live.status, live.pid], ['running', process.pid], 'the lock proves the trainer, and names its pid');
    lock.release();
  });

  it('RunStore.create gets its own folder when another process makes the same one between check and mkdir', () => {
    const config = loadConfig(EXAMPLE);
    const now = new Date('2026-03-04T05:06:07Z');
    const contested = join(tmp.path, '20260304-050607-vae-mnist');
    mkdirSync(contested); // the other trainer, started in the same second
    // The module object itself (an import gives a read-only view of it), as store.ts sees it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as { existsSync: (p: unknown) => boolean };
    const realExists = fs.existsSync;
    // The race: any existence check made before the other process's mkdir said "free".
    fs.existsSync = (p) => (p === contested ? false : realExists(p));
    try {
      const store = RunStore.create(tmp.path, config, now);
      assert.notEqual(store.dir, contested);
      assert.deepEqual(readdirSync(contested), [], 'the other run folder is untouched');
    } finally {
      fs.existsSync = realExists;
    }
  });

  it('CLI: a second trainer on a run folder exits 2 naming the holder, and writes nothing there', async () => {
    const out = join(tmp.path, 'runs');
    const sets = ['model.hidden=[16]', 'data.limit=512', 'data.testLimit=64', 'training.batchSize=16', 'training.epochs=20']
      .flatMap((s) => ['--set', s]);
    const first = startCli(['train', EXAMPLE, ...sets, '--out', out, '--json'], ROOT, {}, 'pipe');
    // Once it has an epoch's checkpoint, which the `genlab serve` at the end needs.
    const runDir = await new Promise<string>((resolve) => {
      let text = '';
      first.stdout!.on('data', (chunk: Buffer) => {
        text += chunk;
        const started = /"type":"run-started".*?"runDir":"([^"]+)"/.exec(text);
        if (started && /"type":"epoch"[\s\S]*"type":"checkpoint"/.test(text)) resolve(started[1]);
      });
    });
    const second = await runCli(['train', '--resume', runDir, '--json']);
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`genlab: .* is in use by another trainer: pid ${first.pid} on ${hostname()} since \\d{4}-`));
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    assert.match((await runCli(['runs', out])).stdout, /-vae-mnist\s+running/, 'the lock proves the first one trains');

    const exited = new Promise<number | null>((resolve) => first.on('close', resolve));
    first.stdin!.write(STOP_MESSAGE + '\n');
    assert.equal(await exited, 130);
    assert.equal(existsSync(join(runDir, LOCK_FILE)), false, 'the stopped trainer released its lock');
    const pids = readJsonLines<{ type: string; pid?: number }>(join(runDir, 'events.jsonl')).filter((e) => e.type === 'run-started')
      .map((e) => e.pid);
    assert.deepEqual(pids, [first.pid], 'only the first trainer ever started in the folder');
    const epochs = readJsonLines<{ kind: string; epoch: number }>(join(runDir, 'metrics.jsonl')).filter((r) => r.kind === 'epoch')
      .map((r) => r.epoch);
    assert.deepEqual(epochs, [...new Set(epochs)], 'no epoch twice');
    // `genlab serve` only reads: it opens a run whose folder a trainer holds.
    const lock = acquireRunLock(runDir, readdirSync(out)[0]);
    try {
      const serve = startCli(['serve', runDir], ROOT, {}, 'pipe');
      serve.stdin!.end(JSON.stringify({ id: 1, op: 'info' }) + '\n');
      let replies = '', errors = '';
      serve.stdout!.on('data', (c: Buffer) => (replies += c));
      serve.stderr!.on('data', (c: Buffer) => (errors += c));
      const code = await new Promise((resolve) => serve.on('close', resolve));
      assert.equal(code, 0, errors);
      assert.match(replies, /"id":1/);
      assert.equal(lockOwner(runDir).pid, process.pid, 'serve left the lock alone');
    } finally {
      lock.release();
    }
  });
});
