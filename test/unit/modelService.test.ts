import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelService } from '../../src/extension/panel/modelService';
import type { ExploreReply, ServeResult } from '../../src/shared/protocol';
import { ROOT, runCli } from './helpers/cli';

/** A reply that is the result of `op` (fails on errors and superseded replies). */
function result<Op extends ServeResult['op']>(reply: ExploreReply, op: Op): Extract<ServeResult, { op: Op }> {
  assert.ok(!('error' in reply), `error reply: ${'error' in reply ? reply.error : ''}`);
  assert.ok(!('superseded' in reply), 'superseded');
  assert.equal(reply.op, op);
  return reply as Extract<ServeResult, { op: Op }>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number): Promise<void> {
  while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
}

describe('ModelService: the panel side of genlab serve', function () {
  this.timeout(120_000);
  let base = '';
  let runDir = '';
  let service: ModelService;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'genlab-model-service-'));
    const out = join(base, 'runs');
    const r = await runCli(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), '--out', out,
      ...['training.epochs=1', 'data.limit=256', 'data.testLimit=128', 'model.hidden=[32]'].flatMap((s) => ['--set', s])]);
    assert.equal(r.code, 0, r.stderr);
    runDir = join(out, readdirSync(out)[0]);
  });

  beforeEach(() => {
    // The CLI from source, as the extension runs dist/cli.js with VS Code's Node.
    service = new ModelService({ command: process.execPath, args: ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src', 'cli', 'main.ts')],
      runDir, cwd: ROOT, env: process.env });
  });

  afterEach(() => service.stop());
  after(() => rmSync(base, { recursive: true, force: true }));

  it('starts on the first request and answers concurrent requests each with its own reply', async () => {
    assert.equal(service.pid, undefined, 'started before anything was asked');
    const [encoded, info, decoded, wrong] = await Promise.all([
      service.request({ op: 'encode', indices: [0, 1, 2] }),
      service.request({ op: 'info' }),
      service.request({ op: 'decode', z: [[0, 0], [1, -1]] }),
      service.request({ op: 'encode', indices: [100_000] }),
    ]);
    assert.equal(service.starts, 1, 'one child for all four');
    assert.equal(result(encoded, 'encode').mean.length, 3);
    assert.deepEqual(result(info, 'info').info.latent, { kind: 'gaussian', dim: 2 });
    const images = result(decoded, 'decode').images;
    assert.equal(images.length, 2);
    assert.deepEqual([images[0].width, images[0].height], [28, 28]);
    assert.ok('error' in wrong && /100000|index|test/.test(wrong.error), JSON.stringify(wrong));
  });

  it('answers older queued decodes with one coalesce key as superseded, the newest with its image', async () => {
    // A slow request first, so the decodes behind it queue in the service.
    const slow = service.request({ op: 'encode', indices: Array.from({ length: 128 }, (_, i) => i) });
    const decodes = [0, 1, 2].map((x) => service.request({ op: 'decode', z: [[x, 0]], coalesce: 'plane' }));
    result(await slow, 'encode');
    const [first, second, last] = await Promise.all(decodes);
    assert.deepEqual([first, second], [{ superseded: true }, { superseded: true }]);
    assert.equal(result(last, 'decode').images.length, 1);
  });

  it('answers waiting requests with an error when the service dies, and restarts on the next request', async () => {
    result(await service.request({ op: 'info' }), 'info');
    const pid = service.pid!;
    const waiting = service.request({ op: 'encode', indices: Array.from({ length: 128 }, (_, i) => i) });
    process.kill(pid, 'SIGKILL');
    const reply = await waiting;
    assert.ok('error' in reply && /exited \(SIGKILL\)/.test(reply.error), JSON.stringify(reply));
    assert.equal(service.pid, undefined);
    result(await service.request({ op: 'decode', z: [[0.5, 0.5]] }), 'decode');
    assert.equal(service.starts, 2);
    assert.notEqual(service.pid, pid);
  });

  it('stop ends the child and answers what it still owed', async () => {
    result(await service.request({ op: 'info' }), 'info');
    const pid = service.pid!;
    const waiting = service.request({ op: 'encode', indices: [0] });
    await service.stop();
    assert.ok('error' in (await waiting));
    assert.equal(service.pid, undefined);
    await gone(pid);
  });

  it('a service that cannot start answers with why', async () => {
    const broken = new ModelService({ command: process.execPath, args: ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src', 'cli', 'main.ts')],
      runDir: join(base, 'no-such-run'), cwd: ROOT, env: process.env });
    const reply = await broken.request({ op: 'info' });
    assert.ok('error' in reply && /exited \(code 2\): .*no-such-run/.test(reply.error), JSON.stringify(reply));
  });
});
