import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stdinIsChannel } from '../../src/cli/stopRequests';
import { latestCheckpoint } from '../../src/engine/runs/checkpoint';
import { LOCK_FILE } from '../../src/engine/runs/runLock';
import { stopTrainer } from '../../src/engine/runs/stopTrainer';
import { parseTrainerEvent, type RunSummary, type TrainerEvent } from '../../src/shared/protocol';
import { CONTROLLED_FLAG, isStopMessage, STOP_MESSAGE } from '../../src/shared/trainerControl';
import { runCli, ROOT, startCli } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');
/** Enough steps (64 per epoch) that a stop lands inside the run. */
const SETS = ['model.hidden=[16]', 'data.limit=1024', 'data.testLimit=64', 'training.batchSize=16', 'training.epochs=2']
  .flatMap((s) => ['--set', s]);

/** Calls `onEvent` for each --json event of the child; resolves with its exit once it has closed. */
function follow(child: ChildProcess, onEvent: (e: TrainerEvent) => void = () => undefined):
  Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let partial = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const event = parseTrainerEvent(line);
      if (event) onEvent(event);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

function theRun(out: string): { dir: string; summary: RunSummary } {
  const dir = join(out, readdirSync(out)[0]);
  return { dir, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary };
}

/** A stopped run: status `stopped`, a checkpoint to resume from, and its lock released. */
function assertStopped(out: string, reason: RegExp): string {
  const { dir, summary } = theRun(out);
  assert.equal(summary.status, 'stopped');
  assert.match(summary.message ?? '', reason);
  assert.ok(latestCheckpoint(join(dir, 'checkpoints')), 'a checkpoint to resume from');
  assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'lock released');
  return dir;
}

describe('stopping a trainer', function () {
  this.timeout(120000);
  const tmp = useTempDir();

  it('a closed stdout (`--json | head -1`) is a stop: checkpoint, `stopped`, and --resume continues it', async () => {
    const out = join(tmp.path, 'runs');
    const child = startCli(['train', EXAMPLE, ...SETS, '--out', out, '--json']);
    // The reader takes the first line and goes away, as `head -1` does.
    child.stdout!.once('data', () => child.stdout!.destroy());
    const exit = await follow(child);
    assert.equal(exit.code, 130, exit.stderr);
    assert.doesNotMatch(exit.stderr, /EPIPE/, 'no crash on the closed pipe');
    const dir = assertStopped(out, /output closed: EPIPE/);
    const resumed = await runCli(['train', '--resume', dir, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(resumed.events.some((e) => e.type === 'run-started' && e.resumedFrom), 'continued from the checkpoint');
    assert.equal(theRun(out).summary.status, 'done');
  });

  it('SIGTERM, with the reader going away mid-stop: still a checkpoint, `stopped`, the lock released', async () => {
    const out = join(tmp.path, 'runs');
    const child = startCli(['train', EXAMPLE, ...SETS, '--out', out, '--json']);
    let signalled = false;
    const exit = await follow(child, (e) => {
      if (e.type !== 'step' || signalled) return;
      signalled = true;
      child.kill('SIGTERM');
      child.stdout!.destroy();
    });
    assert.equal(exit.code, 130, exit.stderr);
    // Whichever the trainer notices first names the stop; either way it checkpoints and ends `stopped`.
    assertStopped(out, /\(SIGTERM\)|output closed: EPIPE/);
  });

  it('the extension\'s stop (a stop line on stdin) checkpoints and ends `stopped`, not killed', async () => {
    const out = join(tmp.path, 'runs');
    const child = startCli(['train', EXAMPLE, ...SETS, '--out', out, '--json', CONTROLLED_FLAG], ROOT, {}, 'pipe');
    let stopAt: number | undefined;
    const exit = await follow(child, (e) => {
      if (e.type === 'step' && stopAt === undefined) {
        stopAt = e.globalStep;
        // Fallback signals far off: this must end through the message.
        stopTrainer(child, { signalAfterMs: 100_000, killAfterMs: 110_000 });
      }
    });
    assert.deepEqual([exit.code, exit.signal], [130, null], exit.stderr);
    // Epoch 1 mostly; on a loaded machine the first step report can come so late that the stop lands at epoch 2.
    assertStopped(out, /stopped at epoch [12], step \d+ \(asked to stop\)/);
  });

  it('--controlled: the parent closing stdin (its host gone) stops the run with a checkpoint', async () => {
    const out = join(tmp.path, 'runs');
    const child = startCli(['train', EXAMPLE, ...SETS, '--out', out, '--json', CONTROLLED_FLAG], ROOT, {}, 'pipe');
    const exit = await follow(child, (e) => {
      if (e.type === 'run-started') child.stdin!.end();
    });
    assert.equal(exit.code, 130, exit.stderr);
    assertStopped(out, /closed stdin/);
  });

  it('stdin that ends is no stop without --controlled, nor /dev/null with it (a batch job, a terminal)', async () => {
    const piped = startCli(['train', EXAMPLE, ...SETS, '--out', join(tmp.path, 'a'), '--json'], ROOT, {}, 'pipe');
    piped.stdin!.end();
    const devNull = startCli(['train', EXAMPLE, ...SETS, '--out', join(tmp.path, 'b'), '--json', CONTROLLED_FLAG]);
    const [a, b] = await Promise.all([follow(piped), follow(devNull)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(theRun(join(tmp.path, 'a')).summary.status, 'done');
    assert.equal(theRun(join(tmp.path, 'b')).summary.status, 'done');
  });

  it('falls back to SIGTERM for a child that does not read the stop line, then SIGKILL for one that ignores it', async () => {
    const deaf = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: ['pipe', 'ignore', 'ignore'] });
    stopTrainer(deaf, { signalAfterMs: 50, killAfterMs: 60_000 });
    assert.equal((await follow(deaf)).signal, 'SIGTERM');
    const stubborn = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")'],
      { stdio: ['pipe', 'pipe', 'ignore'] });
    await new Promise((resolve) => stubborn.stdout.once('data', resolve));
    stopTrainer(stubborn, { signalAfterMs: 50, killAfterMs: 300 });
    assert.equal((await follow(stubborn)).signal, 'SIGKILL');
  });

  it('reads stop lines only from a pipe or socket; a stop line is {"type":"stop"}', function () {
    const file = join(tmp.path, 'input.txt');
    writeFileSync(file, STOP_MESSAGE);
    const fifo = join(tmp.path, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const devNull = openSync('/dev/null', 'r');
    try {
      assert.equal(stdinIsChannel(fstatSync(devNull), false), false, '/dev/null');
      assert.equal(stdinIsChannel(statSync(file), false), false, 'a file');
      assert.equal(stdinIsChannel(statSync(fifo), false), true, 'a pipe');
      assert.equal(stdinIsChannel(statSync(fifo), true), false, 'a terminal');
    } finally {
      closeSync(devNull);
    }
    assert.equal(isStopMessage(STOP_MESSAGE), true);
    assert.equal(isStopMessage('{"type":"stop","why":"user"}'), true);
    for (const line of ['stop', '{"type":"step"}', 'null', '']) assert.equal(isStopMessage(line), false, line);
  });
});
