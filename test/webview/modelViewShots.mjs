#!/usr/bin/env node
// Looks at model artifact views from a finished run: opens the panel harness on that run under the
// light and dark themes, checks each named view drew something and follows the epoch slider, and
// saves a screenshot of each view at the last and the first saved epoch to media/screenshots/.
//   node test/webview/modelViewShots.mjs <run-dir> <view-name>...
//   e.g. node test/webview/modelViewShots.mjs .genlab/runs/…-gan-1d gan1d-curves
// Needs `npm run build` (dist/webview.js) and Debian's chromium. SCREENSHOTS_DIR puts the pictures elsewhere.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startHarnessServer } from './server.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const SHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR ?? join('media', 'screenshots'));
const [runDir, ...views] = process.argv.slice(2);
if (!runDir || views.length === 0) {
  console.error('usage: node test/webview/modelViewShots.mjs <run-dir> <view-name>...');
  process.exit(2);
}
process.env.GENLAB_FIXTURE_RUN = resolve(runDir);
mkdirSync(SHOTS, { recursive: true });

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
}

const server = await startHarnessServer(ROOT);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const theme of ['light', 'dark']) await lookAt(theme);
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

async function lookAt(theme) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.url}?theme=${theme}`);
  const frame = await panelFrame(page);
  // Replay the last epoch so every view ends on the latest artifact.
  await page.evaluate(() => window.harness.replay({ perSecond: 200 }));
  await frame.waitForFunction(() => document.querySelector('.gl-tag')?.textContent === 'done', null, { timeout: 20000 });
  const epochs = server.fixture.snapshot.artifacts.concat(server.fixture.events.filter((e) => e.type === 'artifact').map((e) => e.artifact))
    .map((a) => a.epoch);
  const [first, last] = [Math.min(...epochs), Math.max(...epochs)];

  for (const view of views) {
    const card = `[data-view="${view}"]`;
    await frame.waitForFunction(([sel, e]) => document.querySelector(sel)?.dataset.epoch === String(e), [card, last], { timeout: 10000 })
      .catch(() => {});
    await page.waitForTimeout(300);
    const inked = await inkedPixels(frame, card);
    check(`${theme}: ${view} draws at epoch ${last}`, inked.every((n) => n > 2000), `${inked.join(', ')} inked px per canvas`);
    await frame.locator(card).screenshot({ path: join(SHOTS, `${view}-${theme}.png`) });

    await setRange(frame, '.gl-epoch-slider input', 0);
    const moved = await frame.waitForFunction(([sel, e]) => document.querySelector(sel)?.dataset.epoch === String(e), [card, first],
      { timeout: 10000 }).then(() => true, () => false);
    check(`${theme}: ${view} follows the epoch slider to epoch ${first}`, moved);
    await page.waitForTimeout(300);
    await frame.locator(card).screenshot({ path: join(SHOTS, `${view}-first-epoch-${theme}.png`) });
    await setRange(frame, '.gl-epoch-slider input', 1e9);
  }
  check(`${theme}: no errors on the page`, errors.length === 0, errors.join(' | '));
  await page.close();
}

async function panelFrame(page) {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes('/panel.html'));
    if (frame) {
      await frame.waitForLoadState('load');
      return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('the panel frame did not load');
}

function inkedPixels(frame, card) {
  return frame.$$eval(`${card} canvas`, (canvases) => canvases.map((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return inked;
  }));
}

function setRange(frame, selector, value) {
  return frame.$eval(selector, (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}
