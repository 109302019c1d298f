/**
 * The latent explorer's round trip: how long `genlab serve` takes to answer one decode (a pointer position on the
 * latent plane → a PNG), median and p95, with the machine idle, while another `genlab train` runs beside it, and
 * while the served run itself trains on (resumed with more epochs, writing checkpoints the service may load) — what
 * a user dragging in the panel feels. Trains the MNIST VAE (784-512-512-2) for one epoch on 2,048 digits to get a
 * checkpoint, unless given a run folder (any run with a Gaussian latent: a VAE, a GAN/DCGAN).
 *   npx tsx bench/serveLatency.ts [--run RUN_DIR] [--requests 200]
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServeReply } from '../src/shared/protocol';
import { machine, median, numberFromArgs, round } from './lib';

const ROOT = join(__dirname, '..');
const CLI = [process.execPath, '--require', require.resolve('tsx/cjs'), join(ROOT, 'src', 'cli', 'main.ts')];
const EXAMPLE = join(ROOT, 'examples', 'vae-mnist.genlab.json');

function cli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, stdio: 'pipe' });
}

/** A serve child and a function that sends one request and resolves with its reply. */
async function startServe(run: string): Promise<{ ask(request: object): Promise<ServeReply>; close(): void; dim: number; model: string }> {
  const child = cli(['serve', run]);
  const waiting = new Map<number, (r: ServeReply) => void>();
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      const reply = JSON.parse(line) as ServeReply;
      waiting.get(reply.id as number)?.(reply);
      waiting.delete(reply.id as number);
    }
  });
  let next = 0;
  const ask = (request: object) => new Promise<ServeReply>((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
  });
  const reply = await ask({ op: 'info' });
  if (!('op' in reply) || reply.op !== 'info' || reply.info.latent?.kind !== 'gaussian') throw new Error(`${run} serves no Gaussian latent`);
  return { ask, close: () => child.stdin.end(), dim: reply.info.latent.dim, model: reply.info.model };
}

/** Sequential decodes along a path through two latent dimensions (the others 0), as a pointer drags: round trips in ms. */
async function decodeRoundTrips(ask: (r: object) => Promise<ServeReply>, dim: number, count: number): Promise<number[]> {
  const at = (x: number, y: number) => [x, y, ...new Array<number>(dim - 2).fill(0)];
  for (let i = 0; i < 10; i++) await ask({ op: 'decode', z: [at(0, 0)] }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * i) / count;
    const t0 = performance.now();
    const reply = await ask({ op: 'decode', z: [at(2 * Math.cos(angle), 2 * Math.sin(angle))] });
    times.push(performance.now() - t0);
    if ('error' in reply) throw new Error(reply.error);
  }
  return times;
}

const summary = (label: string, times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { condition: label, requests: times.length, medianMs: round(median(times)), p95Ms: round(sorted[Math.floor(0.95 * (sorted.length - 1))]),
    maxMs: round(sorted[sorted.length - 1]) };
};

async function main() {
  const requests = numberFromArgs('--requests') ?? 200;
  const given = process.argv.indexOf('--run');
  const tmp = mkdtempSync(join(tmpdir(), 'genlab-serve-bench-'));
  try {
    let run = given > 0 ? process.argv[given + 1] : '';
    if (!run) {
      const trained = spawnSync(CLI[0], [...CLI.slice(1), 'train', EXAMPLE, '--set', 'training.epochs=1', '--set', 'data.limit=2048',
        '--set', 'data.testLimit=256', '--out', join(tmp, 'runs')], { cwd: ROOT, encoding: 'utf8' });
      if (trained.status !== 0) throw new Error(trained.stderr);
      run = join(tmp, 'runs', readdirSync(join(tmp, 'runs'))[0]);
    }
    const serve = await startServe(run);
    console.log(JSON.stringify({ bench: 'serve-decode-round-trip', machine: machine(), date: new Date().toISOString(), run, model: serve.model,
      latentDim: serve.dim }));
    console.log(JSON.stringify(summary('idle', await decodeRoundTrips(serve.ask, serve.dim, requests))));
    // A full-size training beside it, as when the panel explores a run that is still training.
    const training = cli(['train', EXAMPLE, '--set', 'training.epochs=50', '--out', join(tmp, 'busy')]);
    await new Promise<void>((resolve) => training.stdout.on('data', (c: Buffer) => c.toString().includes('epoch 1/50') && resolve()));
    console.log(JSON.stringify(summary('while another run trains', await decodeRoundTrips(serve.ask, serve.dim, requests))));
    training.kill('SIGKILL');
    // The run itself, resumed in its own folder: copied first when it is the caller's, so the bench leaves it as it was.
    const own = given > 0 ? join(tmp, 'served') : run;
    if (own !== run) cpSync(run, own, { recursive: true });
    const self = own === run ? serve : await startServe(own);
    const resumed = cli(['train', '--resume', own, '--set', 'training.epochs=1000']);
    await new Promise<void>((resolve) => resumed.stdout.on('data', (c: Buffer) => /epoch \d+\/1000 .* \d+\//.test(c.toString()) && resolve()));
    console.log(JSON.stringify(summary('while this run trains', await decodeRoundTrips(self.ask, self.dim, requests))));
    resumed.kill('SIGKILL');
    if (self !== serve) self.close();
    serve.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
