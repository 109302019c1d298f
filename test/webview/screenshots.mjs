#!/usr/bin/env node
// Looks at the panel as a person would: opens the harness (test/webview/harness.html) in headless
// Chromium under VS Code's light, dark and high contrast theme variables, replays a run's last epoch
// live, asserts on the panel's DOM, counts redraws, and saves screenshots to media/screenshots/.
// Needs `npm run build` (dist/webview.js) and Debian's chromium (`apt-get install -y chromium`).
// SCREENSHOTS_DIR puts the pictures elsewhere (e.g. in CI, to leave the committed ones alone).
// Prints one line per check, then the counts; exits 1 if any failed.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { panelFrame, startHarnessServer } from './server.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR ?? join('media', 'screenshots'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WIDTH = 1280;

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
}

if (!existsSync(join(ROOT, 'dist', 'webview.js'))) {
  console.error('dist/webview.js is missing: run `npm run build` first');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM)`);
  process.exit(1);
}
mkdirSync(SHOTS, { recursive: true });

const server = await startHarnessServer(ROOT);
console.log(`fixture: ${server.fixture.source} run ${server.fixture.runDir}`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  for (const theme of ['dark', 'light', 'high-contrast']) await checkTheme(theme);
  await checkCompareAndRestore();
  await checkLongCurve(100_000);
} finally {
  await browser.close();
  await server.close();
}
// Mocha's closing lines too, so test/run-all.sh's stage() counts this step like the others.
console.log(`  ${passed} passing\n  ${failed} failing`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// ---------------------------------------------------------------- the checks

/** A page with the harness under `theme`; resolves with the panel's frame once the first curves are drawn. */
async function openPanel(theme, height = 900) {
  const page = await browser.newPage({ viewport: { width: WIDTH, height } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.url}?theme=${theme}`);
  const frame = await panelFrame(page);
  await frame.waitForSelector('.gl-chart canvas', { timeout: 15000 });
  return { page, frame, errors };
}

async function checkTheme(theme) {
  const { page, frame, errors } = await openPanel(theme);
  const { snapshot, events } = server.fixture;
  const lastEpoch = Math.max(...events.filter((e) => e.type === 'epoch').map((e) => e.epoch));
  const firstEpoch = Math.min(...snapshot.artifacts.map((a) => a.epoch));

  // Live: the last epoch arrives as events, much faster than the panel may redraw.
  const marksBefore = await redrawTimes(frame);
  const started = Date.now();
  await page.evaluate(() => window.harness.replay({ perSecond: 100 }));
  await frame.waitForFunction(() => document.querySelector('.gl-tag')?.textContent === 'done', null, { timeout: 10000 });
  await page.waitForTimeout(400);
  const replaySeconds = (Date.now() - started) / 1000;
  const marks = (await redrawTimes(frame)).slice(marksBefore.length);
  const gaps = marks.slice(1).map((t, i) => t - marks[i]);
  // A lower bound on the spacing of redraws (the throttle's 250 ms): a slow machine can only widen the gaps.
  check(`${theme}: live events redraw at most 4 times a second`, marks.length >= 2 && gaps.every((g) => g >= 245),
    `${events.length} events in ${replaySeconds.toFixed(1)} s → ${marks.length} redraws, shortest gap ${Math.round(Math.min(...gaps))} ms`);

  const curves = await frame.evaluate(() => [...document.querySelectorAll('.gl-chart-grid .gl-card')].map((card) => {
    const canvas = card.querySelector('canvas');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return { metric: card.dataset.metric, inked, legend: card.querySelectorAll('.gl-legend-item').length };
  }));
  const metricNames = new Set(snapshot.metrics.flatMap((r) => Object.keys(r.metrics)));
  check(`${theme}: one chart per metric`, curves.length === metricNames.size, curves.map((c) => c.metric).join(', '));
  check(`${theme}: every chart has curves drawn and a legend`, curves.every((c) => c.inked > 2000 && c.legend > 0),
    curves.map((c) => `${c.metric} ${c.inked} px`).join(', '));

  await waitForImages(frame);
  const atEnd = await viewEpochs(frame);
  check(`${theme}: every view shows the latest epoch`, atEnd.length >= 4 && atEnd.every((v) => v.epoch === lastEpoch),
    JSON.stringify(atEnd));

  // The one epoch slider moves every view.
  await setRange(frame, '.gl-epoch-slider input', 0);
  await frame.waitForFunction((e) => document.querySelector('[data-view="latent-scatter"] .gl-scatter')?.parentElement
    ?.dataset.epoch === String(e), firstEpoch, { timeout: 5000 }).catch(() => {});
  await waitForImages(frame);
  const atStart = await viewEpochs(frame);
  check(`${theme}: the epoch slider moves every image view to epoch ${firstEpoch}`,
    atStart.every((v) => v.epoch === firstEpoch && (!v.src || v.src.endsWith(`-e${String(firstEpoch).padStart(3, '0')}.png`))),
    JSON.stringify(atStart));
  // …and the marker on every curve, to where that epoch ended.
  const firstEnd = snapshot.metrics.find((r) => r.kind === 'epoch' && r.epoch === firstEpoch)?.globalStep;
  const markers = () => frame.$$eval('.gl-curves .gl-chart-plot', (hosts) => hosts.map((h) => h.dataset.marker));
  const atFirst = await markers();
  check(`${theme}: the epoch slider moves the marker on every curve to step ${firstEnd}, the end of epoch ${firstEpoch}`,
    firstEnd !== undefined && atFirst.length > 0 && atFirst.every((m) => m === String(firstEnd)), JSON.stringify(atFirst));
  if (theme === 'light' || theme === 'dark') await page.screenshot({ path: join(SHOTS, `curves-epoch-marker-${theme}.png`) });
  await setRange(frame, '.gl-epoch-slider input', 1e9);
  const lastEnd = Math.max(...events.filter((e) => e.type === 'step').map((e) => e.globalStep));
  await frame.waitForFunction((x) => [...document.querySelectorAll('.gl-curves .gl-chart-plot')]
    .every((h) => h.dataset.marker === String(x)), lastEnd, { timeout: 5000 }).catch(() => {});
  const atLast = await markers();
  check(`${theme}: back at the latest epoch the markers sit at step ${lastEnd}`, atLast.every((m) => m === String(lastEnd)), JSON.stringify(atLast));

  // The keys step the same slider from anywhere in the panel (focus on no control).
  const sliderAfter = async (key) => {
    // Pressed on the panel's body, where a key lands when no control has focus.
    await frame.evaluate((k) => {
      document.activeElement?.blur();
      document.body.dispatchEvent(new window.KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    }, key);
    return frame.$eval('.gl-epoch-slider input', (i) => ({ value: Number(i.value), max: Number(i.max) }));
  };
  const home = await sliderAfter('Home');
  // The slider moves at once; the views on the panel's next redraw (throttled to 4 a second): waited for, not assumed.
  await frame.waitForFunction((e) => [...document.querySelectorAll('.gl-view-grid .gl-card')].every((c) => Number(c.dataset.epoch) === e),
    firstEpoch, { timeout: 5000 }).catch(() => {});
  await waitForImages(frame);
  const homeViews = await viewEpochs(frame);
  check(`${theme}: Home moves the slider and every view to the first epoch`,
    home.value === 0 && homeViews.every((v) => v.epoch === firstEpoch), JSON.stringify({ home, homeViews }));
  const right = await sliderAfter('ArrowRight');
  const end = await sliderAfter('End');
  const left = await sliderAfter('ArrowLeft');
  check(`${theme}: → steps one epoch, End goes to the latest, ← steps back`,
    right.value === 1 && end.value === end.max && left.value === end.max - 1, JSON.stringify({ right, end, left }));
  await sliderAfter('End');

  const legend = await frame.$$eval('.gl-scatter-legend .gl-legend-toggle', (items) => items.map((i) => i.textContent));
  check(`${theme}: the latent scatter has a legend of its labels`, legend.length === 10, legend.join(' '));

  const hover = await hoverScatter(page, frame);
  check(`${theme}: hovering a point names its label`, /^\d/.test(hover ?? ''), `tooltip "${hover}"`);

  const violations = await frame.evaluate(() => window.__harnessViolations);
  check(`${theme}: no Content Security Policy violations`, violations.length === 0, JSON.stringify(violations));
  check(`${theme}: no errors on the page`, errors.length === 0, errors.join(' | '));

  await fullHeightShot(page, frame, `panel-${theme}.png`);
  if (theme === 'dark') {
    await hoverScatter(page, frame);
    await frame.locator('[data-view="latent-scatter"]').screenshot({ path: join(SHOTS, 'scatter-hover-dark.png') });
  }

  // VS Code switches theme under a live panel: the canvases must repaint in the new colours.
  const measuresBefore = await frame.evaluate(() => performance.getEntriesByName('genlab:curves').length);
  const other = theme === 'light' ? 'dark' : 'light';
  await page.evaluate((t) => window.harness.setTheme(t), other);
  await frame.waitForFunction((n) => performance.getEntriesByName('genlab:curves').length > n, measuresBefore, { timeout: 5000 })
    .then(() => check(`${theme}: charts repaint when the theme changes to ${other}`, true))
    .catch(() => check(`${theme}: charts repaint when the theme changes to ${other}`, false));
  await page.close();
}

async function checkCompareAndRestore() {
  const { page, frame, errors } = await openPanel('dark');
  await frame.click('vscode-button:has-text("Compare")');
  await frame.waitForFunction(() => document.querySelectorAll('[data-metric="loss"] .gl-legend-item').length >= 3, null, { timeout: 5000 })
    .catch(() => {});
  const lossLegend = await frame.$$eval('[data-metric="loss"] .gl-legend-item', (items) => items.map((i) => i.textContent));
  check('compare: the loss chart overlays three runs', lossLegend.length >= 3, lossLegend.join(' | '));
  await frame.locator('.gl-curves').screenshot({ path: join(SHOTS, 'compare-dark.png') });
  await checkCompareViews(page, frame);

  // Settings survive a reload of the page (VS Code restores a panel through setState/getState).
  await setRange(frame, '.gl-curves .gl-slider input', 0.9);
  await frame.click('vscode-checkbox:has-text("Log scale")');
  await frame.click('vscode-checkbox:has-text("kl")');
  await setRange(frame, '.gl-epoch-slider input', 1);
  await page.waitForTimeout(200);
  await page.evaluate(() => window.harness.load('dark'));
  const reloaded = await panelFrame(page);
  await reloaded.waitForSelector('.gl-chart canvas');
  // Waited for, not slept on: the toolkit's checkboxes upgrade after the page's script has run.
  await reloaded.waitForFunction(() => document.querySelector('.gl-epoch-slider input')?.value === '1' &&
    [...document.querySelectorAll('vscode-checkbox')].some((c) => c.textContent === 'Log scale' && c.checked), null, { timeout: 10000 })
    .catch(() => {});
  const restored = await reloaded.evaluate(() => ({
    smoothing: document.querySelector('.gl-curves .gl-slider input').value,
    log: document.querySelector('vscode-checkbox[aria-checked]:not([aria-checked="false"])') !== null &&
      [...document.querySelectorAll('vscode-checkbox')].find((c) => c.textContent === 'Log scale').checked,
    klShown: !!document.querySelector('[data-metric="kl"]'),
    epochIndex: document.querySelector('.gl-epoch-slider input').value,
  }));
  check('restore: smoothing, log scale, hidden metrics and epoch come back after a reload',
    restored.smoothing === '0.9' && restored.log && !restored.klShown && restored.epochIndex === '1', JSON.stringify(restored));
  await fullHeightShot(page, reloaded, 'panel-log-scale-dark.png');
  check('compare/restore: no errors on the page', errors.length === 0, errors.join(' | '));
  await page.close();
}

/** A run with `points` steps: the curves must stay cheap to redraw. */
async function checkLongCurve(points) {
  const { page } = await openPanel('dark');
  await page.evaluate((n) => window.harness.useSyntheticRun(n), points);
  const big = await panelFrame(page);
  await big.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('synthetic'), null, { timeout: 20000 });
  await big.waitForSelector('.gl-chart canvas');

  const handed = await big.$$eval('.gl-chart-plot', (plots) => plots.map((p) => ({ points: Number(p.dataset.points), width: p.clientWidth })));
  check(`${points} points: uPlot gets a few points per pixel column, not all of them`,
    handed.every((h) => h.points > h.width && h.points <= 4 * 4 * h.width), JSON.stringify(handed));

  // Each slider step is a full redraw of every chart, re-smoothing 100k points per curve; each live step is one
  // more. Checked is what a slow machine cannot change: one curves redraw per update, each handing uPlot a few
  // points per pixel column. The durations are only printed: bench/chartRedraw.mjs measures them, against a
  // build without decimation.
  const smoothing = await redrawsPerUpdate(big, 30, (i) => setRange(big, '.gl-curves .gl-slider input', 0.5 + (i % 40) / 100));
  check(`${points} points: one full redraw per smoothing step, each handed a few points per pixel column`,
    smoothing.redraws === smoothing.updates && smoothing.undecimated.length === 0, smoothing.detail);
  const live = await redrawsPerUpdate(big, 12, (i) => page.evaluate(({ n, i }) => window.harness.send({ type: 'event',
    runId: `synthetic-${n}`, event: { type: 'step', epoch: 101, step: i, globalStep: n + i + 1, metrics: { loss: 150, kl: 5 },
      stepsPerSecond: 100, etaSeconds: null } }), { n: points, i }));
  check(`${points} points: one redraw per live step, each handed a few points per pixel column`,
    live.redraws === live.updates && live.undecimated.length === 0, live.detail);
  const grown = await big.$$eval('.gl-chart-plot', (plots) => plots.map((p) => Number(p.dataset.points)));
  console.log(`  figures: ${points}-point curves (2 charts, raw + smoothed): full redraw ${smoothing.durations}; ` +
    `live append ${live.durations} (uPlot got ${grown.join(', ')} points)`);
  await big.locator('.gl-curves').screenshot({ path: join(SHOTS, `curves-${points / 1000}k-dark.png`) });

  // Drag to zoom: the chart re-decimates the range at full resolution.
  const plot = big.locator('[data-metric="loss"] .u-over');
  const box = await plot.boundingBox();
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height + 40);
  const hint = await big.waitForFunction(() => [...document.querySelectorAll('[data-metric="loss"] .gl-legend-step')]
    .map((e) => e.textContent).find((t) => t.includes('zoom out')), null, { timeout: 5000 }).then((h) => h.jsonValue()).catch(() => null);
  check(`${points} points: dragging across a chart zooms into that step range`, !!hint, hint ?? 'no zoom hint');
  await big.locator('[data-metric="loss"]').screenshot({ path: join(SHOTS, `curves-${points / 1000}k-zoomed-dark.png`) });
  await page.close();
}

// ---------------------------------------------------------------- helpers

/**
 * Runs `act` `updates` times, each time waiting for the curves to redraw (a `genlab:curves` measure) and reading
 * how many points each chart handed uPlot; then one more frame, so a redraw too many would be counted too.
 */
async function redrawsPerUpdate(frame, updates, act) {
  const measures = () => frame.evaluate(() => performance.getEntriesByName('genlab:curves').length);
  const before = await measures();
  const undecimated = [];
  for (let i = 0; i < updates; i++) {
    const drawn = await measures();
    await act(i);
    await frame.waitForFunction((n) => performance.getEntriesByName('genlab:curves').length > n, drawn, { timeout: 30000 })
      .catch(() => {});
    const handed = await frame.$$eval('.gl-chart-plot', (plots) => plots.map((p) => ({ points: Number(p.dataset.points), width: p.clientWidth })));
    if (!handed.every((h) => h.points > h.width && h.points <= 4 * 4 * h.width)) undecimated.push({ update: i, handed });
  }
  await frame.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const durations = (await frame.evaluate(() => performance.getEntriesByName('genlab:curves').map((e) => e.duration))).slice(before);
  const sorted = [...durations].sort((a, b) => a - b);
  const figures = sorted.length ? `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms` : 'none';
  return { updates, redraws: durations.length, undecimated, durations: figures,
    detail: `${durations.length} redraws for ${updates} updates${undecimated.length ? `; not decimated: ${JSON.stringify(undecimated[0])}` : ''}` };
}

function redrawTimes(frame) {
  return frame.evaluate(() => performance.getEntriesByName('genlab:redraw').map((e) => e.startTime));
}

/** Sets a range input as a user drag would (value, then an `input` event); values are clamped by the input. */
/**
 * Compare mode's views: a card holds every run that has its artifact side by side (the fixture's "lr 3e-4" run is a
 * step behind: its epoch e + 1 pictures are the run's own of epoch e; the "β=4" run has none), and the epoch slider
 * moves them all.
 */
async function checkCompareViews(page, frame) {
  const lanesOf = (view) => frame.$$eval(`[data-view="${view}"] .gl-view-lane`, (lanes) => lanes.map((l) => ({
    run: l.dataset.run, epoch: l.dataset.epoch, label: l.querySelector('.gl-lane-label').textContent,
    labelShown: !l.querySelector('.gl-lane-label').hidden, src: l.querySelector('img')?.getAttribute('src') ?? null,
    drawn: [...l.querySelectorAll('canvas')].some((c) => c.width > 0) })));
  await frame.waitForFunction(() => document.querySelectorAll('[data-view="samples"].gl-card-compare .gl-view-lane img[src]').length === 2,
    null, { timeout: 10000 }).catch(() => {});
  const latest = await lanesOf('samples');
  const epoch = latest[0]?.epoch;
  check('compare: the samples card holds the run and the one compare run with pictures, side by side at the same epoch',
    latest.length === 2 && latest[1].run.endsWith('-lr3e-4') && latest.every((l) => l.epoch === epoch && l.labelShown && l.src) &&
    latest[1].label.startsWith('vae-mnist lr 3e-4 · epoch') && latest[0].src !== latest[1].src, JSON.stringify(latest));
  await frame.waitForFunction(() => [...document.querySelectorAll('[data-view="latent-scatter"] .gl-view-lane canvas')].filter((c) => c.width > 0).length >= 2,
    null, { timeout: 10000 }).catch(() => {});
  const scatter = await lanesOf('latent-scatter');
  check('compare: JSON views too (the latent scatter read from each run)', scatter.length === 2 && scatter.every((l) => l.drawn && l.epoch === epoch),
    JSON.stringify(scatter.map(({ run, epoch: e, drawn }) => ({ run, e, drawn }))));
  // Every card in the picture: the page as tall as its content while it is taken.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: Math.min(4000, await frame.evaluate(() => document.documentElement.scrollHeight)) });
  await page.waitForTimeout(300);
  await frame.locator('.gl-artifacts').screenshot({ path: join(SHOTS, 'compare-views-dark.png') });
  await page.setViewportSize(viewport);
  const { value } = await frame.$eval('.gl-epoch-slider input', (i) => ({ value: Number(i.value) }));
  await setRange(frame, '.gl-epoch-slider input', value - 1);
  await frame.waitForFunction((e) => [...document.querySelectorAll('[data-view="samples"] .gl-view-lane')].every((l) => l.dataset.epoch === e),
    String(Number(epoch) - 1), { timeout: 5000 }).catch(() => {});
  const before = await lanesOf('samples');
  check('compare: one epoch back, both lanes move, and the run now shows what the run a step behind showed',
    before.length === 2 && before.every((l) => l.epoch === String(Number(epoch) - 1)) && before[0].src === latest[1].src, JSON.stringify(before));
  await setRange(frame, '.gl-epoch-slider input', value);
}

function setRange(frame, selector, value) {
  return frame.$eval(selector, (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

function viewEpochs(frame) {
  return frame.$$eval('.gl-view-grid .gl-card', (cards) => cards.map((c) => ({
    view: c.dataset.view,
    epoch: Number(c.dataset.epoch),
    src: c.querySelector('img')?.getAttribute('src') ?? null,
  })));
}

function waitForImages(frame) {
  return frame.waitForFunction(() => [...document.querySelectorAll('.gl-view-grid img')]
    .every((img) => img.hidden || (img.complete && img.naturalWidth > 0)), null, { timeout: 10000 });
}

/**
 * The scatter's canvas on screen. The scatter builds a new plot (a new canvas) whenever it gets new codes or colours,
 * so a canvas found a moment ago may be gone while it is scrolled to: then the new one is found.
 */
async function scatterBox(frame) {
  for (let attempt = 0; ; attempt++) {
    try {
      const canvas = frame.locator('.gl-scatter canvas');
      await canvas.scrollIntoViewIfNeeded({ timeout: 5000 });
      return await canvas.boundingBox();
    } catch (e) {
      if (attempt >= 2 || !/not attached/.test(e.message)) throw e;
    }
  }
}

/** Moves the mouse over the scatter until the tooltip names a point; returns its text. */
async function hoverScatter(page, frame) {
  const box = await scatterBox(frame);
  if (!box) return null;
  for (let fy = 0.1; fy < 0.9; fy += 0.04) {
    for (let fx = 0.1; fx < 0.9; fx += 0.04) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      const text = await frame.$eval('.gl-tooltip', (t) => (t.hidden ? null : t.textContent));
      if (text) return text;
    }
  }
  return null;
}

/** Screenshot of the whole panel: the viewport grows to the panel's height first. */
async function fullHeightShot(page, frame, name) {
  const height = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: WIDTH, height: Math.min(height, 4000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, name) });
  console.log(`  screenshot: ${join(SHOTS, name)}`);
}
