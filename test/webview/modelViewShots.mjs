#!/usr/bin/env node
// Looks at model artifact views from a finished run: opens the panel harness on that run under the
// light and dark themes, checks each named view drew something, follows the epoch slider, repaints
// on a theme change and exports a PNG, runs the view's own checks (VIEW_CHECKS below: legends,
// hover read-outs, badges against the artifact's numbers), checks that a malformed artifact gives
// a message in the card, and saves a screenshot of each view at its last and first saved epoch to
// media/screenshots/ as <prefix><view>-[first-epoch-]<theme>.png.
//   node test/webview/modelViewShots.mjs [--prefix NAME-] <run-dir> <view-name>...
//   e.g. node test/webview/modelViewShots.mjs .genlab/runs/…-gan-1d gan1d-curves
//        node test/webview/modelViewShots.mjs --prefix gibbs- /tmp/runs/…-gibbs-two-coins diagnostics posterior trace path hist2d
// Needs `npm run build` (dist/webview.js) and Debian's chromium. SCREENSHOTS_DIR puts the pictures elsewhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, finish, launchBrowser, openHarness, ROOT, SHOTS, useRun } from './harnessKit.mjs';
import { panelFrame, startHarnessServer } from './server.mjs';

const args = process.argv.slice(2);
const prefix = args[0] === '--prefix' ? (args.splice(0, 2)[1] ?? '') : '';
const [runDir, ...views] = args;
useRun(views.length > 0 ? runDir : undefined, 'node test/webview/modelViewShots.mjs [--prefix NAME-] <run-dir> <view-name>...');


const server = await startHarnessServer(ROOT);
const artifacts = server.fixture.snapshot.artifacts.concat(server.fixture.events.filter((e) => e.type === 'artifact').map((e) => e.artifact));
/** The JSON artifact a view shows at its last epoch (a PNG may share its name), read to check the view against its numbers. */
const latestJson = (view) => artifacts.filter((a) => a.name === view && a.kind === 'json').sort((a, b) => b.epoch - a.epoch)[0];
const readArtifact = (view) => JSON.parse(readFileSync(join(server.fixture.runDir, latestJson(view).path), 'utf8'));

/** A page with the harness under `theme`, the run replayed to its end. */
async function openPanel(theme) {
  const { page, frame, errors } = await openHarness(browser, server, theme, { width: 1280, height: 1000 });
  // Replay the last epoch so every view ends on the latest artifact.
  await page.evaluate(() => window.harness.replay({ perSecond: 200 }));
  await frame.waitForFunction(() => document.querySelector('.gl-tag')?.textContent === 'done', null, { timeout: 20000 });
  return { page, frame, errors };
}

async function lookAt(theme) {
  const { page, frame, errors } = await openPanel(theme);
  for (const view of views) {
    const card = `[data-view="${view}"]`;
    const epochs = artifacts.filter((a) => a.name === view).map((a) => a.epoch);
    if (epochs.length === 0) {
      check(`${theme}: the run has ${view} artifacts`, false);
      continue;
    }
    // A view's own epochs: MCMC's posterior starts after burn-in, later than its trace.
    const [first, last] = [Math.min(...epochs), Math.max(...epochs)];
    await frame.waitForFunction(([sel, e]) => document.querySelector(sel)?.dataset.epoch === String(e), [card, last], { timeout: 10000 })
      .catch(() => {});
    check(`${theme}: one card for ${view}`, (await frame.$$(card)).length === 1);
    // Image views (sample grids) show the run's PNG: it must have loaded.
    const drew = ({ inked, rows, images }) => (inked.length > 0 ? inked.every((n) => n > 2000) : rows > 0 || images > 0);
    const { inked, rows, images } = await until(async () => ({
      inked: await inkedPixels(frame, card),
      rows: await frame.$$eval(`${card} table tbody tr`, (trs) => trs.length),
      images: await frame.$$eval(`${card} img`, (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length),
    }), drew);
    check(`${theme}: ${view} draws at epoch ${last}`, drew({ inked, rows, images }),
      inked.length > 0 ? `${inked.join(', ')} inked px per canvas` : `${rows} table rows, ${images} loaded images`);
    await VIEW_CHECKS[view]?.(frame, card, theme);
    await frame.locator(card).screenshot({ path: join(SHOTS, `${prefix}${view}-${theme}.png`) });

    if (inked.length > 0) {
      await checkExport(page, frame, card, view, theme);
      await checkRestyle(page, frame, card, view, theme);
    }

    await setRange(frame, '.gl-epoch-slider input', 0);
    const moved = await frame.waitForFunction(([sel, e]) => document.querySelector(sel)?.dataset.epoch === String(e), [card, first],
      { timeout: 10000 }).then(() => true, () => false);
    check(`${theme}: ${view} follows the epoch slider to epoch ${first}`, moved);
    await page.waitForTimeout(300);
    await frame.locator(card).screenshot({ path: join(SHOTS, `${prefix}${view}-first-epoch-${theme}.png`) });
    await setRange(frame, '.gl-epoch-slider input', 1e9);
  }
  check(`${theme}: no errors on the page`, errors.length === 0, errors.join(' | '));
  await page.close();
}

/** Export PNG posts the whole view as a PNG to the host. */
async function checkExport(page, frame, card, view, theme) {
  const before = await page.evaluate(() => window.harness.received.length);
  await frame.click(`${card} .gl-card-header [aria-label^="Export"]`);
  await page.waitForFunction((n) => window.harness.received.slice(n).some((m) => m.type === 'export'), before, { timeout: 10000 })
    .catch(() => {});
  // Off the button, so its hover look is not in the screenshots.
  await page.mouse.move(0, 0);
  const sent = await page.evaluate((n) => window.harness.received.slice(n).filter((m) => m.type === 'export'), before);
  const png = sent.find((m) => m.what === 'view-png' && m.view === view)?.dataUrl ?? '';
  check(`${theme}: ${view} exports a PNG`, png.startsWith('data:image/png;base64,') && png.length > 5000, `${png.length} chars`);
}

/** A theme change repaints the canvases (so tick labels and lines take the new theme's colours). */
async function checkRestyle(page, frame, card, view, theme) {
  const other = theme === 'light' ? 'dark' : 'light';
  const before = await canvasHashes(frame, card);
  await page.evaluate((t) => window.harness.setTheme(t), other);
  const repainted = (was) => (hashes) => hashes.every((h, i) => h !== was[i]);
  const after = await until(() => canvasHashes(frame, card), repainted(before));
  check(`${theme}: ${view} repaints when the theme changes to ${other}`, repainted(before)(after));
  await page.evaluate((t) => window.harness.setTheme(t), theme);
  await until(() => canvasHashes(frame, card), repainted(after));
}

/** Every JSON view, fed a file of the wrong shape, says so in its card instead of drawing nothing. */
async function checkMalformed() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.route('**/run/images/*.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"unexpected": true}' }));
  await page.goto(`${server.url}?theme=dark`);
  const frame = await panelFrame(page);
  for (const view of views.filter(latestJson)) {
    const card = `[data-view="${view}"]`;
    const message = await frame.waitForFunction((sel) => {
      const p = [...document.querySelectorAll(`${sel} .gl-placeholder`)].find((e) => !e.hidden);
      return p?.textContent.startsWith('Cannot show') ? p.textContent : null;
    }, card, { timeout: 10000 }).then((h) => h.jsonValue(), () => null);
    check(`malformed ${view} artifact: the card says why it cannot show it`, !!message && /: not /.test(message), message ?? 'no message');
  }
  await page.close();
}

// ---------------------------------------------------------------- per-view checks

const VIEW_CHECKS = {
  async trace(frame, card, theme) {
    const data = readArtifact('trace');
    const plots = await frame.$$eval(`${card} .gl-curve-plot`, (ps) => ps.map((p) => p.querySelectorAll('.gl-legend-item').length));
    check(`${theme}: trace has a plot per parameter, each with a legend entry per chain`,
      plots.length === data.parameters.length && plots.every((n) => n === data.chains.length), JSON.stringify(plots));
  },
  async path(frame, card, theme) {
    const data = readArtifact('path');
    const legend = await frame.$$eval(`${card} .gl-legend-item`, (items) => items.map((i) => i.textContent));
    check(`${theme}: path has a legend entry per chain and the start marker`, legend.length === data.chains.length + 1, legend.join(' | '));
    const before = (await inkedPixels(frame, card))[0];
    await setRange(frame, `${card} .gl-slider input`, 300);
    const after = (await until(() => inkedPixels(frame, card), (inked) => inked[0] > before))[0];
    check(`${theme}: path's slider draws more of the path`, after > before, `${before} → ${after} inked px`);
    await setRange(frame, `${card} .gl-slider input`, 60);
  },
  async hist2d(frame, card, theme) {
    const text = await hoverAt(frame, card, '.u-over', 0.45, 0.5);
    check(`${theme}: hovering a hist2d bin reads its ranges and count`, /∈ \[[\d.]+, [\d.]+\), .* ∈ \[.*\): [\d,]+ draws .*density/.test(text ?? ''), text);
  },
  async posterior(frame, card, theme) {
    const data = readArtifact('posterior');
    const notes = await frame.$$eval(`${card} .gl-view-panes .gl-view-summary`, (ps) => ps.map((p) => p.textContent));
    check(`${theme}: posterior has a plot per parameter with the exact Beta printed`,
      notes.length === data.parameters.length && notes.every((n) => /^exact Beta\(/.test(n)), notes.join(' | '));
  },
  async diagnostics(frame, card, theme) {
    const data = readArtifact('diagnostics');
    const table = await frame.$$eval(`${card} table tbody tr`, (trs) => trs.map((tr) =>
      [...tr.querySelectorAll('.gl-tag')].map((t) => t.dataset.tone ?? 'neutral')));
    // Which badges must be red, from the artifact's own numbers and thresholds.
    const expected = data.rows.map((r) => [r.rhat > data.thresholds.rhat, r.essBulk < data.thresholds.ess, r.essTail < data.thresholds.ess]
      .map((bad) => (bad ? 'bad' : 'ok')));
    check(`${theme}: diagnostics badges are red exactly where R-hat > ${data.thresholds.rhat} or ESS < ${data.thresholds.ess}`,
      JSON.stringify(table) === JSON.stringify(expected), `${JSON.stringify(table)} vs ${JSON.stringify(expected)}`);
    const summary = await frame.$eval(`${card} .gl-view-summary`, (p) => p.textContent);
    check(`${theme}: diagnostics names the sampler and its acceptance rate`, summary.includes(data.sampler) && /acceptance rate [\d.]+%/.test(summary), summary);
  },
  async conditionals(frame, card, theme) {
    const data = readArtifact('conditionals');
    // The right panel's middle: the probability heat map.
    const text = await hoverAt(frame, card, 'canvas', 0.55, 0.5);
    check(`${theme}: hovering a conditionals pixel reads its index, value and probability`,
      /^pixel \d+ \(row \d+, column \d+\) · x = [01] · p\(.*\) = [\d.e-]+/.test(text ?? ''), text);
    const summary = await frame.$$eval(`${card} .gl-view-summary`, (ps) => ps.map((p) => p.textContent).join(' '));
    check(`${theme}: conditionals prints the image's NLL and the ordering`,
      summary.includes('nats') && summary.includes(`${data.ordering} order`), summary);
  },
};

// ---------------------------------------------------------------- helpers

function inkedPixels(frame, card) {
  return frame.$$eval(`${card} canvas`, (canvases) => canvases.map((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return inked;
  }));
}

/**
 * Reads `read()` until `ok` holds of it, for up to 10 s, and returns the last reading: waits for a state, not for
 * a time, so a slow machine takes longer but passes. The caller checks the reading.
 */
async function until(read, ok) {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
}

function canvasHashes(frame, card) {
  return frame.$$eval(`${card} canvas`, (canvases) => canvases.map((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < pixels.length; i += 7) h = (h * 31 + pixels[i]) | 0;
    return h;
  }));
}

/** Moves the mouse to a fraction of the element's box; returns the view's read-out line (the first summary). */
async function hoverAt(frame, card, selector, fx, fy) {
  const target = frame.locator(`${card} ${selector}`).first();
  const box = await target.boundingBox();
  const summary = `${card} .gl-view-summary`;
  const before = await frame.$eval(summary, (p) => p.textContent);
  // hover() scrolls the element into view first: the mouse reaches nothing below the fold.
  await target.hover({ position: { x: box.width * fx, y: box.height * fy } });
  await frame.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was, [summary, before], { timeout: 5000 })
    .catch(() => {});
  const text = await frame.$eval(summary, (p) => p.textContent);
  await frame.page().mouse.move(0, 0);
  return text;
}

function setRange(frame, selector, value) {
  return frame.$eval(selector, (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

// ---------------------------------------------------------------- run (last: the checks above must be defined)

const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark']) await lookAt(theme);
  await checkMalformed();
} finally {
  await browser.close();
  await server.close();
}
finish();
