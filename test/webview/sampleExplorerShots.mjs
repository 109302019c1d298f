#!/usr/bin/env node
// The explorers of sampling models in the panel harness (a real `genlab serve` of the run behind it), light and dark.
// A GAN run: the sample grid appears, Re-roll draws other samples, picking two fills the interpolation strip, and the
// walk decodes one z by every saved epoch. A NADE run: completing a test image's kept half gives 8 different
// completions, each with its log-likelihood, and another half gives others. No script errors or CSP refusals.
// Saves gan-explorer-<theme>.png or nade-explorer-<theme>.png.
//   node test/webview/sampleExplorerShots.mjs <gan-or-nade-run-dir>
// Needs `node esbuild.mjs` (dist/webview.js and dist/cli.js) and Debian's chromium. SCREENSHOTS_DIR puts the pictures elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, finish, launchBrowser, openHarness, ROOT, SHOTS, useRun } from './harnessKit.mjs';
import { startHarnessServer } from './server.mjs';

const runDir = useRun(process.argv[2], 'node test/webview/sampleExplorerShots.mjs <gan-or-nade-run-dir>');
const savedEpochs = readdirSync(join(runDir, 'checkpoints')).filter((d) => d.startsWith('ckpt-')).length;
const model = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')).model.type;

/** Red-channel sums of the canvases under `selector`: one number per image, to tell images apart. */
const inkOf = (frame, selector) => frame.$$eval(selector, (cs) => cs.map((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let sum = 0;
  for (let i = 0; i < d.length; i += 4) sum += d[i];
  return sum;
}));

const server = await startHarnessServer(ROOT);
const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark']) await lookAt(theme);
} finally {
  await browser.close();
  await server.close();
}
finish();

async function lookAt(theme) {
  const { page, frame, errors } = await openHarness(browser, server, theme);
  const card = model === 'nade' ? await nadeChecks(frame, theme) : await ganChecks(frame, theme);
  check(`${theme}: no script errors or CSP refusals`, errors.length === 0, errors.join(' | '));
  if (card) await frame.locator(card).screenshot({ path: join(SHOTS, `${model}-explorer-${theme}.png`) });
  await page.close();
}

async function nadeChecks(frame, theme) {
  const shown = await frame.waitForSelector('.gl-nade-explorer:not([hidden])', { timeout: 30000 }).then(() => true, () => false);
  check(`${theme}: the completion card appears for the NADE run`, shown);
  if (!shown) return null;
  const completed = (what) => frame.waitForFunction((w) => document.querySelector('.gl-nade-completions').dataset.completed === w, what,
    { timeout: 30000 }).then(() => true, () => false);
  const top = (await completed('0-top')) && await inkOf(frame, '.gl-nade-completions canvas');
  const likelihoods = await frame.$$eval('.gl-nade-completions figcaption', (fs) => fs.map((f) => Number(f.textContent.split('= ')[1])));
  check(`${theme}: keeping the top half gives 8 different completions, each with its log-likelihood`,
    top && top.length === 8 && new Set(top).size > 4 && likelihoods.length === 8 && likelihoods.every((l) => Number.isFinite(l) && l < 0),
    `${top}; log p ${likelihoods.join(' ')}`);
  await frame.selectOption('.gl-nade-explorer select', 'left');
  await frame.click('.gl-nade-explorer vscode-button');
  const left = (await completed('0-left')) && await inkOf(frame, '.gl-nade-completions canvas');
  check(`${theme}: keeping the left half instead completes it differently`, left && left.length === 8 && left.some((s, i) => s !== top[i]));
  return '.gl-nade-explorer';
}

async function ganChecks(frame, theme) {
  const shown = await frame.waitForSelector('.gl-gan-explorer:not([hidden]) .gl-gan-sample', { timeout: 30000 }).then(() => true, () => false);
  check(`${theme}: the generator explorer appears for the GAN run, with its samples`, shown);
  if (!shown) return null;
  const first = await inkOf(frame, '.gl-gan-sample');
  check(`${theme}: a grid of 16 different samples`, first.length === 16 && new Set(first).size > 12 && first.every((s) => s > 0), first.join(' '));

  await frame.click('.gl-gan-explorer vscode-button:has-text("Re-roll")');
  await frame.waitForFunction(() => document.querySelector('.gl-gan-grid').dataset.seed === '2', null, { timeout: 15000 }).catch(() => {});
  const second = await inkOf(frame, '.gl-gan-sample');
  check(`${theme}: Re-roll draws other samples`, second.length === 16 && second.filter((s, i) => s !== first[i]).length > 12);

  const samples = frame.locator('.gl-gan-sample');
  await samples.nth(2).click();
  await samples.nth(9).click();
  await frame.waitForFunction(() => document.querySelector('.gl-gan-explorer .gl-interp-strip').dataset.path === '2-9', null, { timeout: 15000 })
    .catch(() => {});
  const strip = await inkOf(frame, '.gl-gan-explorer .gl-interp-strip:not(.gl-gan-walk) canvas');
  const picked = await frame.$$eval('.gl-gan-sample.gl-picked', (cs) => cs.length);
  check(`${theme}: picking two samples outlines them and fills a 10-frame interpolation that changes along the path`,
    picked === 2 && strip.length === 10 && new Set(strip).size > 5, `${picked} picked; ${strip.join(' ')}`);

  await frame.click('.gl-gan-explorer vscode-button:has-text("Walk over epochs")');
  await frame.waitForFunction(() => document.querySelector('.gl-gan-walk').dataset.epochs, null, { timeout: 20000 }).catch(() => {});
  const walk = await frame.$$eval('.gl-gan-walk figcaption', (fs) => fs.map((f) => f.textContent));
  check(`${theme}: the walk decodes the picked z by every saved epoch, oldest first`,
    walk.length === savedEpochs && walk.every((t, i) => t === `epoch ${i + 1}`), walk.join(', '));
  return '.gl-gan-explorer';
}
