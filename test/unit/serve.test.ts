import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServeReply } from '../../src/shared/protocol';
import { Rng } from '../../src/engine/util/rng';
import { ROOT, runCli } from './helpers/cli';

const TINY = ['data.limit=256', 'data.testLimit=64', 'training.batchSize=64'];

/** Trains a tiny run of an example (on a small part of its data set, if it has one) and returns its folder. */
async function trainTiny(base: string, example: string, sets: string[], dataSet = true): Promise<string> {
  const out = join(base, example);
  const r = await runCli(['train', join(ROOT, 'examples', `${example}.genlab.json`), '--out', out,
    ...[...(dataSet ? TINY : []), ...sets].flatMap((s) => ['--set', s])]);
  assert.equal(r.code, 0, r.stderr);
  return join(out, readdirSync(out)[0]);
}

/** `genlab serve` as a child: `send` writes lines; replies are collected by id as they arrive. */
class ServeClient {
  readonly child: ChildProcess;
  readonly replies: ServeReply[] = [];
  private partial = '';
  private waiters: (() => void)[] = [];
  stderr = '';

  constructor(runDir: string) {
    this.child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, 'src', 'cli', 'main.ts'), 'serve', runDir],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (c: Buffer) => (this.stderr += c));
    this.child.stdout!.on('data', (c: Buffer) => {
      const lines = (this.partial + c.toString()).split('\n');
      this.partial = lines.pop()!;
      for (const line of lines) this.replies.push(JSON.parse(line) as ServeReply);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(...lines: (string | object)[]): void {
    this.child.stdin!.write(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)) + '\n').join(''));
  }

  async until(count: number): Promise<ServeReply[]> {
    while (this.replies.length < count) {
      if (this.child.exitCode !== null) throw new Error(`serve exited ${this.child.exitCode}: ${this.stderr}`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
    return this.replies;
  }

  /** Sends one request and waits for its reply. */
  async ask(request: { id: string | number; op: string; [field: string]: unknown }): Promise<ServeReply> {
    this.send(request);
    for (;;) {
      const reply = this.replies.find((r) => r.id === request.id);
      if (reply) return reply;
      await this.until(this.replies.length + 1);
    }
  }

  close(): Promise<number | null> {
    this.child.stdin!.end();
    return new Promise((r) => this.child.on('close', (code) => r(code)));
  }
}

function ok<T extends ServeReply>(reply: T): Exclude<T, { error: string } | { superseded: unknown }> {
  assert.ok(!('error' in reply), `error reply: ${'error' in reply ? reply.error : ''}`);
  assert.ok(!('superseded' in reply));
  return reply as never;
}

/** A PNG's size, read from its IHDR chunk. */
function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, 'base64');
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Random junk a buggy or hostile client might send: broken JSON, wrong types, huge or odd numbers. */
function malformedLine(rng: Rng, i: number): string {
  const junk = [
    () => '{"id":', () => '[1,2,3]', () => 'null', () => String(rng.uniform()), () => '"decode"', () => '{}',
    () => JSON.stringify({ id: i, op: 'decode', z: 'x' }), () => JSON.stringify({ id: i, op: 'decode', z: [[1e308 * 10]] }),
    () => JSON.stringify({ id: i, op: 'decode', z: [[1, 2, 3]] }), () => JSON.stringify({ id: i, op: 'decode', z: [] }),
    () => JSON.stringify({ id: i, op: 'encode', indices: [-1] }), () => JSON.stringify({ id: i, op: 'encode', indices: [1e9] }),
    () => JSON.stringify({ id: i, op: 'interpolate', from: [0], to: [1, 1], frames: 3, mode: 'linear' }),
    () => JSON.stringify({ id: i, op: 'interpolate', from: [0, 0], to: [1, 1], frames: 1e6, mode: 'slerp' }),
    () => JSON.stringify({ id: i, op: 'sample', n: -4 }), () => JSON.stringify({ id: i, op: 'load', epoch: 99 }),
    () => JSON.stringify({ id: i, op: 'load', epoch: '../../etc' }), () => JSON.stringify({ id: i, op: 'complete', pixels: [1], mask: [0], n: 1 }),
    () => JSON.stringify({ id: { nested: true }, op: 'walk', z: [0, 0], epochs: [0.5] }), () => JSON.stringify({ id: i, op: '__proto__' }),
    () => Buffer.from(Array.from({ length: 40 }, () => rng.int(256))).toString('latin1').replace(/[\r\n]/g, ' '),
  ];
  return junk[rng.int(junk.length)]();
}

describe('genlab serve', function () {
  this.timeout(180000);
  let base: string;
  let vaeRun: string;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'genlab-serve-'));
    vaeRun = await trainTiny(base, 'vae-mnist', ['model.hidden=[16]', 'training.epochs=3']);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('answers every op of a VAE run, each reply carrying its request id', async () => {
    const serve = new ServeClient(vaeRun);
    const info = ok(await serve.ask({ id: 'i', op: 'info' }));
    assert.ok(info.op === 'info');
    assert.deepEqual(info.info.latent, { kind: 'gaussian', dim: 2 });
    assert.equal(info.info.epoch, 3);
    const epochs = ok(await serve.ask({ id: 1, op: 'epochs' }));
    assert.deepEqual(epochs, { id: 1, op: 'epochs', epochs: [1, 2, 3], loaded: 3 });

    const decoded = ok(await serve.ask({ id: 2, op: 'decode', z: [[0, 0], [2, -1]] }));
    assert.ok(decoded.op === 'decode');
    assert.equal(decoded.images.length, 2);
    for (const image of decoded.images) assert.deepEqual(pngSize(image.png), { width: 28, height: 28 });
    assert.notEqual(decoded.images[0].png, decoded.images[1].png, 'different z, different digits');

    const encoded = ok(await serve.ask({ id: 3, op: 'encode', indices: [0, 5] }));
    assert.ok(encoded.op === 'encode');
    assert.equal(encoded.mean.length, 2);
    assert.ok(encoded.variance.flat().every((v) => v > 0));
    assert.equal(encoded.labels.length, 2);

    for (const mode of ['linear', 'slerp'] as const) {
      const reply: ServeReply = await serve.ask({ id: `strip-${mode}`, op: 'interpolate', from: encoded.mean[0], to: encoded.mean[1], frames: 5, mode });
      const strip = ok(reply);
      assert.ok(strip.op === 'interpolate');
      assert.equal(strip.images.length, 5);
      assert.deepEqual(strip.z[0], encoded.mean[0]);
      assert.ok(strip.z[4].every((v: number, i: number) => Math.abs(v - encoded.mean[1][i]) < 1e-9));
    }
    const sampled = ok(await serve.ask({ id: 4, op: 'sample', n: 3, seed: 7 }));
    const again = ok(await serve.ask({ id: 5, op: 'sample', n: 3, seed: 7 }));
    assert.ok(sampled.op === 'sample' && again.op === 'sample');
    assert.deepEqual(sampled.z, again.z, 'the same seed draws the same z');

    const thumbs = ok(await serve.ask({ id: 6, op: 'test-images', indices: [0, 1, 2] }));
    assert.ok(thumbs.op === 'test-images' && thumbs.images.length === 3);

    const atEpoch3 = decoded.images[0].png;
    assert.deepEqual(ok(await serve.ask({ id: 7, op: 'load', epoch: 1 })), { id: 7, op: 'load', epoch: 1 });
    const atEpoch1 = ok(await serve.ask({ id: 8, op: 'decode', z: [[0, 0]] }));
    assert.ok(atEpoch1.op === 'decode');
    assert.notEqual(atEpoch1.images[0].png, atEpoch3, 'epoch 1 weights decode differently');

    const walk = ok(await serve.ask({ id: 9, op: 'walk', z: [0, 0] }));
    assert.ok(walk.op === 'walk');
    assert.deepEqual(walk.epochs, [1, 2, 3]);
    assert.equal(walk.images[0].png, atEpoch1.images[0].png);
    assert.equal(walk.images[2].png, atEpoch3);
    const after = ok(await serve.ask({ id: 10, op: 'decode', z: [[0, 0]] }));
    assert.ok(after.op === 'decode');
    assert.equal(after.images[0].png, atEpoch1.images[0].png, 'a walk puts the loaded epoch back');

    const refused = await serve.ask({ id: 11, op: 'complete', pixels: [0], mask: [1], n: 1 });
    assert.match('error' in refused ? refused.error : '', /not autoregressive/);
    assert.equal(await serve.close(), 0);
  });

  it('coalesces queued decodes with one key: only the newest pointer position is decoded', async () => {
    const serve = new ServeClient(vaeRun);
    await serve.ask({ id: 'warm', op: 'info' });
    // A slow request first, so that the pointer moves queue behind it.
    serve.send({ id: 'slow', op: 'walk', z: [0, 0] },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, op: 'decode', z: [[i / 3, 0]], coalesce: 'pointer' })),
      { id: 'strip', op: 'decode', z: [[1, 1]] });
    const replies = (await serve.until(13)).slice(1);
    assert.deepEqual(replies.map((r) => r.id), ['slow', ...Array.from({ length: 10 }, (_, i) => `p${i}`), 'strip']);
    const superseded = replies.filter((r) => 'superseded' in r);
    assert.ok(superseded.length >= 8, `${superseded.length} superseded`);
    for (const r of superseded) assert.equal((r as { superseded: string }).superseded, 'p9');
    assert.ok('images' in replies[10], 'the newest position is decoded');
    assert.ok('images' in replies[11], 'a decode without the key is never dropped');
    await serve.close();
  });

  it('answers 1,000 random malformed lines with errors and keeps serving', async () => {
    const serve = new ServeClient(vaeRun);
    const rng = new Rng(14);
    const lines = Array.from({ length: 1000 }, (_, i) => malformedLine(rng, i));
    serve.send(...lines);
    const replies = await serve.until(1000);
    assert.equal(replies.length, 1000);
    for (const r of replies) assert.ok('error' in r && typeof r.error === 'string' && r.error.length > 0, JSON.stringify(r).slice(0, 200));
    const still = ok(await serve.ask({ id: 'alive', op: 'decode', z: [[0, 0]] }));
    assert.ok(still.op === 'decode' && still.images.length === 1);
    assert.equal(await serve.close(), 0);
  });

  it('completes a NADE image: kept pixels stay, completions differ, each with its log-likelihood', async () => {
    const run = await trainTiny(base, 'nade-mnist', ['model.hidden=16', 'training.epochs=1']);
    const serve = new ServeClient(run);
    const [image] = (ok(await serve.ask({ id: 'img', op: 'test-images', indices: [0] })) as { images: { png: string }[] }).images;
    assert.ok(image);
    const pixels = Array.from({ length: 784 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const mask = Array.from({ length: 784 }, (_, i) => (i >= 392 ? 1 : 0)); // hide the bottom half
    const completed = ok(await serve.ask({ id: 'c', op: 'complete', pixels, mask, n: 4, seed: 1 }));
    assert.ok(completed.op === 'complete');
    assert.equal(completed.images.length, 4);
    assert.ok(completed.logLikelihoods.every((l) => l < 0 && Number.isFinite(l)));
    const sharp = (await import('sharp')).default;
    const decoded = await Promise.all(completed.images.map((im) =>
      sharp(Buffer.from(im.png, 'base64')).extractChannel(0).raw().toBuffer()));
    for (const px of decoded) for (let i = 0; i < 392; i++) assert.equal(px[i] > 127 ? 1 : 0, pixels[i], `kept pixel ${i}`);
    assert.ok(new Set(decoded.map((b) => b.toString('base64'))).size > 1, 'completions differ');
    const sampled = ok(await serve.ask({ id: 's', op: 'sample', n: 2, seed: 3 }));
    assert.ok(sampled.op === 'sample' && sampled.images.length === 2);
    const noDecoder = await serve.ask({ id: 'd', op: 'decode', z: [[0]] });
    assert.match('error' in noDecoder ? noDecoder.error : '', /no decoder/);
    await serve.close();
  });

  it('walks one z of a DCGAN over its saved epochs', async () => {
    const run = await trainTiny(base, 'dcgan-mnist', ['model.width=8', 'model.latentDim=8', 'training.epochs=2']);
    const serve = new ServeClient(run);
    const walk = ok(await serve.ask({ id: 'w', op: 'walk', z: [0.1, -0.3, 1, 0, 0.5, -1, 0.2, 0.7] }));
    assert.ok(walk.op === 'walk');
    assert.deepEqual(walk.epochs, [1, 2]);
    assert.deepEqual(pngSize(walk.images[0].png), { width: 32, height: 32 });
    assert.notEqual(walk.images[0].png, walk.images[1].png);
    await serve.close();
  });

  it('exports frames as a PNG sheet, an animated GIF and an animated WebP, and names a frame that is no PNG', async () => {
    const serve = new ServeClient(vaeRun);
    const sampled = ok(await serve.ask({ id: 's', op: 'sample', n: 3, seed: 5 }));
    assert.ok(sampled.op === 'sample');
    const frames = sampled.images.map((im) => im.png);
    const sharp = (await import('sharp')).default;
    for (const format of ['gif', 'webp'] as const) {
      const file = ok(await serve.ask({ id: format, op: 'export', frames, format, delayMs: 200, scale: 4 }));
      assert.ok(file.op === 'export');
      const meta = await sharp(Buffer.from(file.data, 'base64'), { animated: true }).metadata();
      assert.equal(meta.format, format);
      assert.equal(meta.pages, 3, `${format}: a page per frame`);
      assert.deepEqual([meta.width, meta.pageHeight, file.width, file.height], [112, 112, 112, 112]);
      assert.deepEqual(meta.delay, [200, 200, 200]);
      // The middle frame, scaled back down, is the second sample itself.
      const page = await sharp(Buffer.from(file.data, 'base64'), { page: 1 }).resize(28, 28, { kernel: 'nearest' }).extractChannel(0).raw().toBuffer();
      const original = await sharp(Buffer.from(frames[1], 'base64')).extractChannel(0).raw().toBuffer();
      const worst = Math.max(...page.map((v, i) => Math.abs(v - original[i])));
      assert.ok(worst <= (format === 'gif' ? 8 : 0), `${format}: frame 2 differs from the sample by up to ${worst}`);
    }
    const sheet = ok(await serve.ask({ id: 'png', op: 'export', frames, format: 'png', scale: 2, across: 2 }));
    assert.ok(sheet.op === 'export');
    assert.deepEqual(pngSize(sheet.data), { width: 2 * 56 + 2, height: 2 * 56 + 2 });
    const single = ok(await serve.ask({ id: 'png1', op: 'export', frames: frames.slice(0, 1), format: 'png', scale: 3 }));
    assert.ok(single.op === 'export');
    assert.deepEqual(pngSize(single.data), { width: 84, height: 84 });
    const notPng = await serve.ask({ id: 'bad', op: 'export', frames: [frames[0], Buffer.from('GIF89a not a png').toString('base64')], format: 'gif' });
    assert.match('error' in notPng ? notPng.error : '', /frames\[1\] is not a PNG/);
    const one = await serve.ask({ id: 'one', op: 'export', frames: [frames[0]], format: 'webp' });
    assert.match('error' in one ? one.error : '', /frames must be an array of 2 to 256/);
    await serve.close();
  });

  it('serves a categorical VAE: one-hot prior codes, a class picked per variable, q(c|x) per variable', async () => {
    const run = await trainTiny(base, 'categorical-vae-mnist', ['model.categoricals=3', 'model.classes=4', 'model.hidden=[16]', 'training.epochs=1']);
    const serve = new ServeClient(run);
    const info = ok(await serve.ask({ id: 'i', op: 'info' }));
    assert.ok(info.op === 'info');
    assert.deepEqual(info.info.latent, { kind: 'categorical', variables: 3, classes: 4 });
    assert.ok(['decode', 'sample', 'encode', 'walk'].every((op) => info.info.ops.includes(op as never)), info.info.ops.join(' '));
    const sampled = ok(await serve.ask({ id: 's', op: 'sample', n: 5, seed: 2 }));
    assert.ok(sampled.op === 'sample' && sampled.z && sampled.images.length === 5);
    for (const z of sampled.z) {
      assert.equal(z.length, 12);
      for (let v = 0; v < 3; v++) assert.deepEqual(z.slice(v * 4, v * 4 + 4).sort(), [0, 0, 0, 1], `variable ${v} of ${JSON.stringify(z)} is one-hot`);
    }
    // The same code with variable 1 set to each of its classes: four different pictures.
    const codes = [0, 1, 2, 3].map((c) => [1, 0, 0, 0, ...[0, 1, 2, 3].map((k) => (k === c ? 1 : 0)), 0, 0, 1, 0]);
    const decoded = ok(await serve.ask({ id: 'd', op: 'decode', z: codes }));
    assert.ok(decoded.op === 'decode');
    assert.equal(new Set(decoded.images.map((im) => im.png)).size, 4);
    assert.deepEqual(pngSize(decoded.images[0].png), { width: 28, height: 28 });
    const wrong = await serve.ask({ id: 'w', op: 'decode', z: [[1, 0, 0]] });
    assert.match('error' in wrong ? wrong.error : '', /z\[0\] has 3 numbers; the latent has 12/);
    const encoded = ok(await serve.ask({ id: 'e', op: 'encode', indices: [0, 1] }));
    assert.ok(encoded.op === 'encode');
    for (const q of encoded.mean) {
      for (let v = 0; v < 3; v++) assert.ok(Math.abs(q.slice(v * 4, v * 4 + 4).reduce((a, b) => a + b, 0) - 1) < 1e-5, `q(c${v}|x) sums to 1`);
    }
    await serve.close();
  });

  it('serves a 1-D GAN without a data set: G(z) of the points asked, prior draws, p_data on the grid', async () => {
    const run = await trainTiny(base, 'gan-1d', ['training.epochs=2', 'training.stepsPerEpoch=20', 'model.densitySamples=500'], false);
    const serve = new ServeClient(run);
    const info = ok(await serve.ask({ id: 'i', op: 'info' }));
    assert.ok(info.op === 'info');
    const outputs = info.info.outputs;
    assert.ok(outputs?.kind === 'real', JSON.stringify(outputs));
    assert.equal(outputs.noiseDim, 4);
    assert.equal(info.info.image, undefined);
    assert.ok(info.info.ops.includes('generate') && !info.info.ops.includes('test-images') && !info.info.ops.includes('decode'), info.info.ops.join(' '));
    // The default target N(−2, 0.5²) + N(2, 0.5²) on a grid 4 sd past both: its density integrates to 1.
    const { x, density } = outputs.target;
    assert.deepEqual(outputs.range, [x[0], x[x.length - 1]]);
    assert.ok(Math.abs(density.reduce((a, b) => a + b, 0) * (x[1] - x[0]) - 1) < 1e-3);
    const z = [[0, 0, 0, 0], [1, -1, 0.5, 2], [-2, 0, 0, 1]];
    const three = ok(await serve.ask({ id: 'g3', op: 'generate', z }));
    const one = ok(await serve.ask({ id: 'g1', op: 'generate', z: [z[1]] }));
    assert.ok(three.op === 'generate' && three.outputs.kind === 'real' && one.op === 'generate' && one.outputs.kind === 'real');
    assert.equal(three.outputs.x.length, 3);
    assert.ok(Math.abs(three.outputs.x[1] - one.outputs.x[0]) < 1e-5, 'G of a point is the same alone and in a batch');
    assert.equal(new Set(three.outputs.x).size, 3);
    const draws = ok(await serve.ask({ id: 'n', op: 'generate', n: 2000, seed: 3 }));
    const again = ok(await serve.ask({ id: 'n2', op: 'generate', n: 2000, seed: 3 }));
    assert.ok(draws.op === 'generate' && draws.outputs.kind === 'real' && again.op === 'generate');
    assert.equal(draws.outputs.x.length, 2000);
    assert.deepEqual(again.outputs, draws.outputs, 'the same seed, the same draws');
    const hot = await serve.ask({ id: 'h', op: 'generate', n: 5, temperature: 2 });
    assert.match('error' in hot ? hot.error : '', /a gan-1d generator has no temperature/);
    const wrong = await serve.ask({ id: 'w', op: 'generate', z: [[1, 2]] });
    assert.match('error' in wrong ? wrong.error : '', /z\[0\] has 2 numbers; the latent has 4/);
    const images = await serve.ask({ id: 't', op: 'test-images', indices: [0] });
    assert.match('error' in images ? images.error : '', /a gan-1d run has no data set/);
    const decode = await serve.ask({ id: 'd', op: 'decode', z: [[0, 0, 0, 0]] });
    assert.match('error' in decode ? decode.error : '', /a gan-1d model has no decoder/);
    await serve.close();
  });

  it('serves a Gumbel-softmax GAN: relaxed samples at any temperature, and the τ each checkpoint was trained at', async () => {
    const schedule = '{"type":"exponential","initial":2,"min":0.5,"rate":0.01,"everySteps":10}';
    const run = await trainTiny(base, 'gumbel-gan-abcde', ['training.epochs=2', 'training.stepsPerEpoch=30', `model.temperature=${schedule}`], false);
    const serve = new ServeClient(run);
    const info = ok(await serve.ask({ id: 'i', op: 'info' }));
    assert.ok(info.op === 'info' && info.info.outputs?.kind === 'categorical', JSON.stringify(info));
    assert.deepEqual(info.info.outputs.categories, ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(info.info.outputs.target, [0.1, 0.2, 0.2, 0.2, 0.3]);
    // Step 59 is the last: τ = 2·exp(−0.01·50); epoch 1 ended at step 29: 2·exp(−0.01·20).
    assert.ok(Math.abs(info.info.outputs.temperature - 2 * Math.exp(-0.5)) < 1e-9, String(info.info.outputs.temperature));
    ok(await serve.ask({ id: 'l', op: 'load', epoch: 1 }));
    const first = ok(await serve.ask({ id: 'i1', op: 'info' }));
    assert.ok(first.op === 'info' && first.info.outputs?.kind === 'categorical');
    assert.ok(Math.abs(first.info.outputs.temperature - 2 * Math.exp(-0.2)) < 1e-9, String(first.info.outputs.temperature));
    const at = async (temperature: number) => {
      const reply = ok(await serve.ask({ id: `t${temperature}`, op: 'generate', n: 4000, seed: 1, temperature }));
      assert.ok(reply.op === 'generate' && reply.outputs.kind === 'categorical');
      return reply.outputs;
    };
    const cold = await at(0.05);
    const hot = await at(20);
    assert.equal(cold.samples.length, 16);
    for (const sample of [...cold.samples, ...hot.samples]) assert.ok(Math.abs(sample.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    // Cold: nearly one-hot samples whose mean is the generator's own distribution; hot: mush near uniform.
    assert.ok(cold.sharpness > 0.95, `cold sharpness ${cold.sharpness}`);
    assert.ok(Math.max(...cold.mean.map((m, k) => Math.abs(m - cold.probabilities[k]))) < 0.04, `${cold.mean} vs ${cold.probabilities}`);
    assert.ok(hot.sharpness < 0.35, `hot sharpness ${hot.sharpness}`);
    assert.ok(Math.max(...hot.mean.map((m) => Math.abs(m - 0.2))) < 0.02, `hot mean ${hot.mean}`);
    const noZ = await serve.ask({ id: 'z', op: 'generate', z: [[0]] });
    assert.match('error' in noZ ? noZ.error : '', /takes no z/);
    const badT = await serve.ask({ id: 'bt', op: 'generate', n: 5, temperature: 0 });
    assert.match('error' in badT ? badT.error : '', /temperature must be a number from 0.01 to 100/);
    await serve.close();
  });

  it('refuses a folder that is not a run', async () => {
    const r = await runCli(['serve', base]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a GenLab run folder/);
  });
});
