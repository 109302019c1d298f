import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideThreads, measureBusyCores, threadShare, type CoreProbe } from '../../src/engine/backend/threadPolicy';
import type { RunSummary } from '../../src/shared/protocol';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

function probe(cores: number, busy: number, share?: number): CoreProbe & { asked: () => boolean } {
  let asked = false;
  return { cores, share, busyCores: async () => { asked = true; return busy; }, asked: () => asked };
}

describe('wasm threads', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  describe('training.threads = auto', () => {
    it('takes every core of an idle machine', async () => {
      assert.equal((await decideThreads('auto', probe(2, 0.05))).threads, 2);
      assert.equal((await decideThreads('auto', probe(8, 0.2))).threads, 8);
    });

    it('keeps to one thread when another process keeps the other core busy (a shared core slows a pthread pool)', async () => {
      const decision = await decideThreads('auto', probe(2, 1.0));
      assert.equal(decision.threads, 1);
      assert.match(decision.reason, /1\.0 of 2 cores busy/);
      assert.equal((await decideThreads('auto', probe(2, 0.6))).threads, 1);
      assert.equal((await decideThreads('auto', probe(4, 2.9))).threads, 1);
      assert.equal((await decideThreads('auto', probe(4, 1.9))).threads, 2);
      assert.equal((await decideThreads('auto', probe(8, 0.3))).threads, 7);
    });

    it("never takes more than the run's share from the extension, and does not probe when the share is one core", async () => {
      assert.equal((await decideThreads('auto', probe(8, 0, 3))).threads, 3);
      const one = probe(2, 0, 1);
      const decision = await decideThreads('auto', one);
      assert.equal(decision.threads, 1);
      assert.match(decision.reason, /share is 1 of 2 cores/);
      assert.equal(one.asked(), false);
    });

    it('the extension splits the cores among the runs training at once', () => {
      assert.deepEqual([1, 2, 3, 5].map((runs) => threadShare(4, runs)), [4, 2, 1, 1]);
      assert.equal(threadShare(2, 0), 2);
    });

    it('a number is taken as it is', async () => {
      assert.deepEqual(await decideThreads(3, probe(2, 2)), { threads: 3, reason: 'training.threads = 3' });
    });

    it('measures the busy cores of this machine as a figure between 0 and the core count', async () => {
      const busy = await measureBusyCores(100);
      assert.ok(busy >= 0 && busy <= readFileSync('/proc/cpuinfo', 'utf8').split('\nprocessor').length, String(busy));
    });
  });

  it('the threaded build computes what the single-threaded one does, starting only the threads its pool uses', () => {
    const run = (threads: number) => {
      const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'fixtures', 'threadedWasm.ts'), String(threads)],
        { encoding: 'utf8', timeout: 60000 });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout.trim()) as { threads: number; threadsStarted: number; sum: number };
    };
    const one = run(1);
    const two = run(2);
    assert.deepEqual([one.threads, one.threadsStarted], [1, 0]);
    // XNNPACK's pool runs one worker beside the calling thread; Emscripten's other 7 pre-spawned workers must
    // not start a thread.
    assert.deepEqual([two.threads, two.threadsStarted], [2, 1]);
    assert.equal(two.sum, one.sum);
  });

  it('same seed on 1 and 2 threads: the same metrics, the count in summary.json, no file left in the temporary folder', async () => {
    const env = { TMPDIR: join(tmp.path, 'tmp') };
    mkdirSync(env.TMPDIR);
    const metrics: Record<string, number>[] = [];
    for (const threads of [1, 2]) {
      const out = join(tmp.path, `runs-${threads}`);
      const r = await runCli(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), '--json', '--out', out,
        ...['model.hidden=[64]', 'data.limit=512', 'data.testLimit=64', 'training.epochs=1', 'training.batchSize=64',
          `training.threads=${threads}`].flatMap((s) => ['--set', s])], undefined, ROOT, env);
      assert.equal(r.code, 0, r.stderr);
      const backend = r.events.find((e) => e.type === 'backend');
      assert.ok(backend && backend.type === 'backend' && backend.threads === threads, JSON.stringify(backend));
      const [runId] = readdirSync(out);
      const summary = JSON.parse(readFileSync(join(out, runId, 'summary.json'), 'utf8')) as RunSummary;
      assert.equal(summary.threads, threads);
      metrics.push(summary.metrics as Record<string, number>);
    }
    for (const [name, value] of Object.entries(metrics[0])) {
      assert.ok(Math.abs(value - metrics[1][name]) <= 1e-6 * Math.max(1, Math.abs(value)), `${name}: ${value} vs ${metrics[1][name]}`);
    }
    // tsx, which runs the CLI from source here, keeps its compile cache there; the trainer itself writes nothing.
    assert.deepEqual(readdirSync(env.TMPDIR).filter((f) => !f.startsWith('tsx-')), []);
  });
});
