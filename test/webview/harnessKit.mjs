// What the harness scripts that look at one run's panel share: the run named on the command line as the harness's
// fixture, the screenshot folder, headless Chromium, a page per theme that collects its errors, and checks counted
// and closed with mocha-style totals (which test/run-all.sh and checkModelViews.sh count).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { panelFrame } from './server.mjs';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const SHOTS = resolve(ROOT, process.env.SCREENSHOTS_DIR ?? join('media', 'screenshots'));

/** Makes `runDir` the harness's fixture (before its server starts) and the screenshot folder; exits 2 without one. */
export function useRun(runDir, usage) {
  if (!runDir) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  process.env.GENLAB_FIXTURE_RUN = resolve(runDir);
  mkdirSync(SHOTS, { recursive: true });
  return resolve(runDir);
}

let passed = 0, failed = 0;
export function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
}

/** Prints the totals and exits 1 if any check failed. */
export function finish() {
  console.log(`  ${passed} passing\n  ${failed} failing`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
}

/** The harness under `theme` in a new page; `errors` collects the page's script errors and console errors. */
export async function openHarness(browser, server, theme, viewport = { width: 1280, height: 1100 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.url}?theme=${theme}`);
  return { page, frame: await panelFrame(page), errors };
}

const MAGIC = { png: (b) => b.subarray(1, 4).toString() === 'PNG', gif: (b) => b.subarray(0, 6).toString() === 'GIF89a',
  webp: (b) => b.subarray(0, 4).toString() === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP' };

/**
 * Clicks an explorer's Export button (`view`'s group, `format`) and checks the file the model service made of the
 * frames, as the host would save it: its kind by its first bytes, its frame count and its width (frames 4× up, `across`
 * a row in a PNG sheet, 2 px apart).
 */
export async function checkExport(page, frame, theme, card, view, format, frames, frameWidth, across = format === 'png' ? frames : 1) {
  const before = await page.evaluate(() => window.harness.exported.length);
  await frame.click(`${card} .gl-frames-export[data-export="${view}"] vscode-button:has-text("${{ png: 'PNG', gif: 'GIF', webp: 'WebP' }[format]}")`);
  const got = await page.waitForFunction((n) => window.harness.exported[n], before, { timeout: 15000 })
    .then((h) => h.jsonValue(), () => null);
  const reply = got?.reply ?? {};
  const bytes = Buffer.from(reply.data ?? '', 'base64');
  const width = across * frameWidth * 4 + (across - 1) * 2;
  check(`${theme}: Export ${format.toUpperCase()} of the ${view} makes a ${format} of its ${frames} frames, ${width} px wide`,
    got?.view === view && reply.op === 'export' && MAGIC[format](bytes) && reply.frames === frames && reply.width === width,
    JSON.stringify({ view: got?.view, op: reply.op, error: reply.error, frames: reply.frames, width: reply.width, bytes: bytes.length }));
}
