import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../src/shared/protocol';
import { chooseCheckpoint } from '../../src/engine/runs/checkpoint';
import { runCli, ROOT, type CliResult } from './helpers/cli';

/**
 * Kills a trainer (SIGKILL, no warning) at every file operation of a checkpoint save — each open, write (cut in
 * half), fsync, close, mkdir, rename and delete — and resumes it: the run ends done, with the metrics of a run that
 * was never killed, each epoch once, every checkpoint intact and nothing temporary left. The other faults (a full
 * disk, a closed stdout, a second trainer on the run) are in runSafety, trainerStop and runLock.
 */
const TINY = ['model.hidden=[16]', 'data.limit=256', 'data.testLimit=64', 'training.epochs=2', 'training.batchSize=64'];
const INJECT = { NODE_OPTIONS: `--require ${join(__dirname, 'helpers', 'killAtFileOperation.cjs')}` };
/** The second checkpoint (4 steps an epoch): the one with an older checkpoint to fall back on. */
const SECOND = 'ckpt-000000008';

const train = (out: string, env: NodeJS.ProcessEnv) =>
  runCli(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), ...TINY.flatMap((s) => ['--set', s]), '--out', out], undefined, ROOT, env);
const summaryOf = (run: string) => JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as RunSummary;
const epochRows = (run: string) => readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l) as { kind: string; epoch: number }).filter((r) => r.kind === 'epoch').map((r) => r.epoch);

describe('fault injection: a trainer killed at each file operation of a checkpoint', function () {
  this.timeout(900_000);
  let tmp = '';
  let reference: RunSummary;
  let killPoints: number[] = [];
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'genlab-faults-'));
    const opsFile = join(tmp, 'ops.txt');
    const r = await train(join(tmp, 'reference'), { ...INJECT, GENLAB_TEST_OPS_FILE: opsFile });
    assert.equal(r.code, 0, r.stderr);
    reference = summaryOf(join(tmp, 'reference', readdirSync(join(tmp, 'reference'))[0]));
    const ops = readFileSync(opsFile, 'utf8').trim().split('\n');
    const first = ops.findIndex((line) => line.includes(SECOND));
    killPoints = ops.slice(first).map((_, i) => first + i + 1);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('resumes to the uninterrupted result from every kill point', async () => {
    assert.ok(killPoints.length >= 20, `only ${killPoints.length} file operations counted in the second checkpoint`);
    const failures: string[] = [];
    // Two at a time: each is one short CLI run killed, then one resumed.
    const queue = [...killPoints];
    const worker = async () => {
      for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
        const problem = await killAndResume(at);
        if (problem) failures.push(`killed at operation ${at}: ${problem}`);
      }
    };
    await Promise.all([worker(), worker()]);
    assert.deepEqual(failures, []);
    console.log(`      killed at each of ${killPoints.length} file operations (${killPoints[0]}–${killPoints.at(-1)}); every run resumed to testNegElbo ${reference.metrics.testNegElbo}`);
  });

  async function killAndResume(at: number): Promise<string | null> {
    const out = join(tmp, `kill-${at}`);
    const killed: CliResult = await train(out, { ...INJECT, GENLAB_TEST_KILL_AT: String(at) });
    if (killed.signal !== 'SIGKILL') return `not killed (exit ${killed.code}): ${killed.stderr.slice(-300)}`;
    const run = join(out, readdirSync(out)[0]);
    const resumed = await runCli(['train', '--resume', run]);
    if (resumed.code !== 0) return `--resume exited ${resumed.code}: ${resumed.stderr.slice(-300)}`;
    const summary = summaryOf(run);
    if (summary.status !== 'done') return `ended ${summary.status}`;
    if (summary.metrics.testNegElbo !== reference.metrics.testNegElbo) {
      return `testNegElbo ${summary.metrics.testNegElbo}, uninterrupted ${reference.metrics.testNegElbo}`;
    }
    if (JSON.stringify(epochRows(run)) !== '[1,2]') return `epoch rows ${JSON.stringify(epochRows(run))}`;
    const choice = chooseCheckpoint(join(run, 'checkpoints'));
    if (choice.damaged.length > 0 || !choice.dir?.endsWith(SECOND)) return `checkpoints: ${JSON.stringify(choice)}`;
    const left = readdirSync(run, { recursive: true }).map(String).filter((p) => p.split(/[\\/]/).some((part) => part.startsWith('.')));
    if (left.length > 0) return `left behind: ${left.join(', ')}`;
    rmSync(out, { recursive: true, force: true });
    return null;
  }
});
