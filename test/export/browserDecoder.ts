/**
 * The exported tfjs decoder in a real browser: trains a small MNIST VAE, exports its decoder with
 * `genlab export --format tfjs`, serves it to a page in headless Debian Chromium (playwright-core) that loads
 * it with tf.loadLayersModel and draws decoded digits on a canvas, compares the page's outputs with GenLab's
 * own decode, and saves a screenshot. Prints mocha-style "N passing" / "N failing" for test/run-all.sh.
 *   npx tsx test/export/browserDecoder.ts        (SCREENSHOTS_DIR=… to keep the picture)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from 'playwright-core';
import { openRunModel } from '../../src/engine/export/exportRun';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Latent points of the digits drawn: a row across the 2-D latent plane. */
const Z = [[-1.5, 0.5], [-0.5, 1], [0, 0], [0.5, -1], [1.5, -0.5]];

const PAGE = `<!doctype html><html><body style="margin:0;background:#fff;font:14px sans-serif">
<p style="margin:8px">GenLab VAE decoder, exported as a tfjs Layers model, decoded in the browser</p>
<canvas id="c" width="${Z.length * 28 * 6}" height="${28 * 6}"></canvas>
<script src="/lib/tf-core.min.js"></script><script src="/lib/tf-backend-cpu.min.js"></script><script src="/lib/tf-layers.min.js"></script>
<script>
(async () => {
  await tf.setBackend('cpu');
  const model = await tf.loadLayersModel('/model/model.json');
  const z = tf.tensor2d(${JSON.stringify(Z)});
  const out = model.predict(z);
  const values = await out.data();
  const ctx = document.getElementById('c').getContext('2d');
  const image = ctx.createImageData(28 * ${Z.length}, 28);
  for (let d = 0; d < ${Z.length}; d++) for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    const v = 255 - Math.round(255 * values[(d * 28 + y) * 28 + x]);
    const at = (y * 28 * ${Z.length} + d * 28 + x) * 4;
    image.data.set([v, v, v, 255], at);
  }
  const small = document.createElement('canvas');
  small.width = image.width; small.height = image.height;
  small.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, small.width * 6, small.height * 6);
  window.result = { shape: out.shape, values: Array.from(values) };
})().catch((e) => { window.result = { error: String(e) }; });
</script></body></html>`;

const LIBS: Record<string, string> = {
  'tf-core.min.js': 'node_modules/@tensorflow/tfjs-core/dist/tf-core.min.js',
  'tf-backend-cpu.min.js': 'node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js',
  'tf-layers.min.js': 'node_modules/@tensorflow/tfjs-layers/dist/tf-layers.min.js',
};

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
  const tmp = mkdtempSync(join(tmpdir(), 'genlab-browser-export-'));
  try {
    const genlab = (args: string[]) => execFileSync(process.execPath, [join(ROOT, 'bin', 'genlab.js'), ...args], { cwd: tmp, stdio: 'pipe' });
    genlab(['train', join(ROOT, 'examples', 'vae-mnist.genlab.json'), '--out', join(tmp, 'runs'), ...['model.hidden=[128]', 'data.limit=6000',
      'data.testLimit=200', 'training.epochs=3', 'training.batchSize=64'].flatMap((s) => ['--set', s])]);
    const run = join(tmp, 'runs', readdirSync(join(tmp, 'runs'))[0]);
    const modelDir = join(tmp, 'model');
    genlab(['export', run, '--part', 'decoder', '--format', 'tfjs', '--out', modelDir]);

    const server = createServer((req, res) => {
      const url = req.url ?? '/';
      const file = url === '/' ? null : url.startsWith('/lib/') ? join(ROOT, LIBS[url.slice(5)] ?? '') : url.startsWith('/model/') ? join(modelDir, url.slice(7)) : '';
      if (file === null) return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      if (!file || !existsSync(file)) return res.writeHead(404).end();
      const type = { '.js': 'text/javascript', '.json': 'application/json' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: Z.length * 28 * 6 + 16, height: 28 * 6 + 48 } });
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60000 });
      const result = await page.evaluate(() => (window as unknown as { result: { shape?: number[]; values?: number[]; error?: string } }).result);
      if (result.error) throw new Error(`the page failed: ${result.error}`);
      const { model } = await openRunModel(run);
      const expected = model.exportNetwork!('decoder').forward(tf.tensor2d(Z));
      const want = await expected.data();
      let diff = 0;
      want.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - result.values![i]))));
      if (JSON.stringify(result.shape) !== JSON.stringify(expected.shape)) throw new Error(`shape ${result.shape} ≠ ${expected.shape}`);
      if (!(diff <= 1e-5)) throw new Error(`the browser's decode differs from GenLab's by ${diff}`);
      const shot = join(process.env.SCREENSHOTS_DIR ?? tmp, 'export-tfjs-decoder-chromium.png');
      await page.screenshot({ path: shot });
      console.log(`  ✔ Chromium decodes ${Z.length} digits with the exported tfjs decoder, max |difference| from GenLab ${diff.toExponential(1)} (${shot})`);
      model.dispose();
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    if (!process.env.SCREENSHOTS_DIR) rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => console.log('  1 passing'), (e: unknown) => {
  console.log(`  ✘ ${(e as Error).stack ?? e}\n  0 passing\n  1 failing`);
  process.exitCode = 1;
});
