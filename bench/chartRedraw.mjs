#!/usr/bin/env node
// Redraw figures for the panel's training curves at 100k points, with and without per-pixel-column
// decimation (webview/chart/decimate.ts), measured alternately in one run so that the machine's load
// hits both alike. Builds the panel bundle twice into a temporary folder (the second with decimation
// replaced by a pass-through that hands uPlot every point), opens the harness in headless Chromium on
// a synthetic run, and times full redraws (dragging the smoothing slider: re-smooths and redraws every
// chart) and live redraws (one new step appended). Prints `uptime`, then one line per variant.
// `--baseline REV` adds the panel as it was at a git revision (its webview/ and src/ built from
// `git archive`), so a change's before and after are measured side by side too.
//   node bench/chartRedraw.mjs [--rounds 3] [--points 100000] [--baseline main]
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { panelFrame, startHarnessServer } from '../test/webview/server.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 3), POINTS = arg('points', 100_000);
const baselineAt = process.argv.indexOf('--baseline');
const BASELINE = baselineAt > 0 ? process.argv[baselineAt + 1] : null;

/** Every finite point in range, as decimateLine's caller expects them: what uPlot gets without decimation. */
const PASS_THROUGH = `export function decimateLine(xs, ys, length, o) {
  const out = { xs: [], ys: [] };
  for (let i = 0; i < length; i++) {
    const y = ys[i];
    if (Number.isFinite(y) && (!o.positiveOnly || y > 0)) { out.xs.push(xs[i]); out.ys.push(y); }
  }
  return out;
}`;

const dir = mkdtempSync(join(tmpdir(), 'genlab-chart-bench-'));
const bundles = { decimated: join(dir, 'decimated.js'), 'every point': join(dir, 'every-point.js') };
const build = (outfile, plugins, root = ROOT) => esbuild.build({ entryPoints: [join(root, 'webview/main.ts')], bundle: true,
  platform: 'browser', format: 'iife', target: 'es2022', outfile, loader: { '.css': 'css' }, mainFields: ['module', 'main'],
  logLevel: 'warning', plugins, nodePaths: [join(ROOT, 'node_modules')] });
if (BASELINE) {
  const tree = join(dir, 'baseline');
  mkdirSync(tree);
  execSync(`git archive ${BASELINE} webview src | tar -x -C ${tree}`, { cwd: ROOT });
  bundles[`decimated, at ${BASELINE}`] = join(dir, 'baseline.js');
  await build(bundles[`decimated, at ${BASELINE}`], [], tree);
}
await build(bundles.decimated, []);
await build(bundles['every point'], [{
  name: 'no-decimation',
  setup(b) {
    b.onResolve({ filter: /\/decimate$/ }, () => ({ path: 'decimate', namespace: 'pass-through' }));
    b.onLoad({ filter: /.*/, namespace: 'pass-through' }, () => ({ contents: PASS_THROUGH, loader: 'js' }));
  },
}]);

const server = await startHarnessServer(ROOT);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const results = Object.fromEntries(Object.keys(bundles).map((k) => [k, { full: [], live: [], points: 0 }]));
try {
  console.log(`uptime: ${execFileSync('uptime').toString().trim()}`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, file] of Object.entries(bundles)) await measure(file, results[name]);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`uptime: ${execFileSync('uptime').toString().trim()}`);
for (const [name, r] of Object.entries(results)) {
  console.log(`${POINTS}-point curves, ${name} (${r.points} points handed to uPlot per chart): full redraw median ` +
    `${median(r.full).toFixed(1)} ms (max ${Math.max(...r.full).toFixed(1)}), live append median ${median(r.live).toFixed(1)} ms ` +
    `(max ${Math.max(...r.live).toFixed(1)}) over ${ROUNDS} rounds`);
}

async function measure(bundle, into) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const code = readFileSync(bundle);
  await page.route('**/dist/webview.js', (route) => route.fulfill({ body: code, contentType: 'text/javascript' }));
  await page.goto(`${server.url}?theme=dark`);
  await page.evaluate((n) => window.harness.useSyntheticRun(n), POINTS);
  const frame = await panelFrame(page);
  await frame.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('synthetic'), null, { timeout: 30000 });
  await frame.waitForSelector('.gl-chart canvas');
  into.points = await frame.$eval('.gl-chart-plot', (p) => Number(p.dataset.points));
  into.full.push(...await timeRedraws(frame, 30, (i) => frame.$eval('.gl-curves .gl-slider input', (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, 0.5 + (i % 40) / 100)));
  into.live.push(...await timeRedraws(frame, 12, async (i) => {
    await page.evaluate(({ n, i }) => window.harness.send({ type: 'event', runId: `synthetic-${n}`, event: { type: 'step',
      epoch: 101, step: i, globalStep: n + i + 1, metrics: { loss: 150, kl: 5 }, stepsPerSecond: 100, etaSeconds: null } }), { n: POINTS, i });
    await frame.waitForTimeout(260);
  }));
  await page.close();
}

/** The durations of the `genlab:curves` measures (one per redraw of the curves) that `act` causes. */
async function timeRedraws(frame, times, act) {
  const before = await frame.evaluate(() => performance.getEntriesByName('genlab:curves').length);
  for (let i = 0; i < times; i++) {
    await act(i);
    await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  }
  return (await frame.evaluate(() => performance.getEntriesByName('genlab:curves').map((e) => e.duration))).slice(before);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
