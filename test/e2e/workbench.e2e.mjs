// End-to-end: a user in a real VS Code workbench (the code-server build of VS Code, in headless Chromium)
// opens a config, runs "GenLab: Train" from the command palette, and watches the panel: curves and a sample
// grid appear. Asserts on the webview's DOM (inside nested iframes) and saves screenshots, dark and light,
// to media/screenshots/ (or $SCREENSHOTS_DIR). Each step reached prints as a mocha-style check, with
// "N passing" / "N failing" at the end, which test/run-all.sh counts. Waits are for states, with generous
// limits, never for a time: a slow machine takes longer but passes.
//
//   node test/extension/build.mjs && node test/e2e/workbench.e2e.mjs [--vsix genlab-linux-x64-0.1.0.vsix]
//
// --vsix: install the packaged extension into the server instead of loading the development folder
// (npm test: the .vsix that `npm run package` builds).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer, launchChromium, REPO_ROOT, startServer, workbenchUrl } from '../extension/codeServer.mjs';
import { prepareTestWorkspace } from '../extension/testWorkspace.mjs';

const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? join(REPO_ROOT, 'media', 'screenshots');
const args = process.argv.slice(2);
const vsix = args.includes('--vsix') ? resolve(args[args.indexOf('--vsix') + 1]) : undefined;

/** Three short epochs: enough for curves, digits that read as digits, and steps on the epoch slider. */
const QUICK_CONFIG = {
  name: 'quick-vae',
  description: 'The example VAE on 8,192 MNIST digits for three epochs.',
  model: { type: 'vae', hidden: [256], latentDim: 2, manifoldSize: 16 },
  data: { source: 'mnist', limit: 8192, testLimit: 1024 },
  training: { epochs: 3, batchSize: 64 },
};

let passing = 0;

/** A step of the journey reached: one passing check. */
function step(message) {
  passing += 1;
  console.log(`  ✔ ${message}`);
}

/** Runs a command through the palette, as a user would: F1, type its title, Enter. */
async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a file from the Explorer, as a user would: click its row. */
async function openFile(page, name) {
  const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator('.explorer-folders-view .monaco-list-row .label-name', { hasText: exactly }).first().click({ timeout: 30_000 });
  await page.locator('.tabs-container .tab .label-name', { hasText: exactly }).waitFor();
}

/** The frame of the panel showing run `name` (a webview's page sits two iframes deep in the workbench). */
async function panelFrame(page, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const title = await frame.evaluate(() => document.querySelector('.gl-header h1')?.textContent).catch(() => null);
      if (title === name) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no panel for ${name} after ${timeoutMs} ms`);
}

const runStatus = (frame) => frame.evaluate(() => document.querySelector('.gl-header [data-status]')?.dataset.status);
/** The step count the panel's header shows (`epoch 1 / 30 · step 52 · …`). */
const shownStep = (frame) => frame.evaluate(() => Number(/step (\d+)/.exec(document.querySelector('.gl-progress')?.textContent ?? '')?.[1] ?? -1));

async function clickPanelButton(frame, label) {
  await frame.locator('.gl-actions vscode-button', { hasText: label }).click();
}

/** Waits until the panel shows a step past `step` (training moves); returns it. */
async function stepBeyond(frame, step, what) {
  return waitInFrame(frame, (past) => {
    const shown = Number(/step (\d+)/.exec(document.querySelector('.gl-progress')?.textContent ?? '')?.[1] ?? -1);
    return shown > past ? shown : null;
  }, what, 180_000, step);
}

async function waitInFrame(frame, check, what, timeoutMs, arg) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await frame.evaluate(check, arg).catch(() => null);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The decoded image of the latent explorer: the z it shows and its red channel. */
const explorerImage = (frame) => frame.evaluate(() => {
  const canvas = document.querySelector('.gl-explorer-image');
  const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  return { z: canvas.dataset.z, red: Array.from(rgba.filter((_, i) => i % 4 === 0)) };
});

/**
 * The finished run's panel, as a user tries it: the pointer over the latent plane decodes the digit under it, two
 * test images give an interpolation strip, and the epoch slider moves every view and the marker on every curve.
 */
async function exploreAsAUser(panel) {
  await waitInFrame(panel, () => Number(document.querySelector('.gl-explorer-image')?.dataset.decoded) > 0, 'the latent explorer', 180_000);
  // It follows the run: asked while epoch 1 trained, it serves the last epoch once the run is done.
  await waitInFrame(panel, (last) => document.querySelector('.gl-vae-explorer')?.dataset.epoch === last, 'the explorer at the last epoch', 60_000,
    String(QUICK_CONFIG.training.epochs));
  const plane = panel.locator('.gl-latent-plane');
  await plane.scrollIntoViewIfNeeded();
  const pointAt = async (fx, fy) => {
    const before = (await explorerImage(panel)).z;
    const box = await plane.boundingBox();
    await plane.hover({ position: { x: fx * box.width, y: fy * box.height } });
    await waitInFrame(panel, (z) => document.querySelector('.gl-explorer-image').dataset.z !== z, 'a decode under the pointer', 30_000, before);
    return explorerImage(panel);
  };
  const a = await pointAt(0.25, 0.25);
  const b = await pointAt(0.75, 0.7);
  const differing = a.red.filter((v, i) => v !== b.red[i]).length;
  if (differing < 50) throw new Error(`the decoded image hardly changed between z ${a.z} and ${b.z} (${differing} pixels)`);
  step(`explorer: the digit under the pointer is decoded (z ${a.z} → ${b.z}, ${differing} pixels differ)`);

  await panel.locator('.gl-explorer-interpolation vscode-button:has-text("Interpolate")').click();
  const frames = await waitInFrame(panel, () => document.querySelectorAll('.gl-interp-strip .gl-interp-frame').length, 'the interpolation strip', 60_000);
  if (frames !== 10) throw new Error(`the interpolation strip has ${frames} frames`);
  step('explorer: two test images give a 10-frame interpolation strip');

  const markers = () => panel.evaluate(() => [...document.querySelectorAll('.gl-curves .gl-chart-plot')].map((h) => h.dataset.marker));
  const atLatest = await markers();
  await panel.evaluate(() => {
    const input = document.querySelector('.gl-epoch-slider input');
    input.value = '0';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const moved = await waitInFrame(panel, () => {
    const cards = [...document.querySelectorAll('.gl-view-grid .gl-card')].map((c) => c.dataset.epoch);
    const marks = [...document.querySelectorAll('.gl-curves .gl-chart-plot')].map((h) => h.dataset.marker);
    const explorer = document.querySelector('.gl-vae-explorer')?.dataset.epoch;
    return cards.length > 0 && cards.every((e) => e === '1') && marks.length > 0 && marks.every((m) => m && m === marks[0]) &&
      explorer === '1' ? marks[0] : null;
  }, 'every view, curve marker and the explorer at epoch 1', 30_000);
  if (atLatest.every((m) => m === moved)) throw new Error(`the curve markers did not move (${atLatest[0]} → ${moved})`);
  step(`epoch slider: every view and the explorer at epoch 1, every curve's marker at step ${moved} (was ${atLatest[0]})`);
  await panel.evaluate(() => {
    const input = document.querySelector('.gl-epoch-slider input');
    input.value = input.max;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function main() {
  ensureCodeServer();
  const workspace = prepareTestWorkspace();
  writeFileSync(join(workspace, 'quick-vae.genlab.json'), JSON.stringify(QUICK_CONFIG, null, 2) + '\n');
  const live = await startServer({ installExtensions: vsix ? [vsix] : [] });
  const browser = await launchChromium();
  const results = {};
  const page = await browser.context.newPage();
  page.setDefaultTimeout(60_000);
  try {
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    // The panel runs under a strict CSP: anything it blocks shows up here (from the webview frames too).
    const cspViolations = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(workbenchUrl(live, { folder: workspace, extensionDevelopmentPath: vsix ? undefined : REPO_ROOT }));
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    // GenLab's activity-bar entry shows once the extension's contributions are loaded.
    await page.locator('.activitybar .action-item a[aria-label^="GenLab"]').waitFor({ timeout: 60_000 });
    step('workbench ready, GenLab loaded');
    await openFile(page, 'quick-vae.genlab.json');
    step('config open; GenLab: Train from the palette');
    await runFromPalette(page, 'GenLab: Train');
    const trainStarted = Date.now(); // Enter pressed on the command
    // Train asks which config when the editor's focus had not settled as the palette opened: pick it, as a user would.
    const asked = await page.locator('.quick-input-widget input[placeholder="Config to train"]').waitFor({ timeout: 3000 })
      .then(() => true, () => false);
    if (asked) await page.locator('.quick-input-list .monaco-list-row', { hasText: 'quick-vae.genlab.json' }).first().click();

    await page.locator('.tabs-container .tab', { hasText: 'GenLab: ' }).first().waitFor({ timeout: 60_000 });
    results.panelTabSeconds = (Date.now() - trainStarted) / 1000;
    step(`panel tab beside the editor after ${results.panelTabSeconds.toFixed(1)} s`);
    const panel = await panelFrame(page, 'quick-vae', 120_000);
    results.panelSeconds = (Date.now() - trainStarted) / 1000;
    step(`panel content up after ${results.panelSeconds.toFixed(1)} s`);
    await waitInFrame(panel, () => document.querySelectorAll('.gl-curves canvas').length > 0, 'curves', 60_000);
    results.curvesSeconds = (Date.now() - trainStarted) / 1000;
    step(`curves drawn after ${results.curvesSeconds.toFixed(1)} s`);
    // A sample grid is an <img> of the samples view, loaded (naturalWidth > 0) under the panel's CSP.
    const sampleImage = await waitInFrame(panel, () => {
      const img = [...document.querySelectorAll('.gl-artifacts img')].find((i) => /samples/.test(i.getAttribute('src') ?? '') && i.naturalWidth > 0);
      return img ? { src: img.getAttribute('src'), width: img.naturalWidth, height: img.naturalHeight } : null;
    }, 'the sample grid', 300_000);
    results.samplesSeconds = (Date.now() - trainStarted) / 1000;
    step(`sample grid ${sampleImage.width}×${sampleImage.height} after ${results.samplesSeconds.toFixed(1)} s`);
    const views = await panel.evaluate(() => [...document.querySelectorAll('.gl-artifacts img')].map((i) => i.getAttribute('alt') ?? i.getAttribute('src')));
    console.log(`    image views: ${views.join(', ')}`);
    await waitInFrame(panel, () => /done/i.test(document.querySelector('.gl-header')?.textContent ?? ''), 'the run to be done', 600_000);
    step('run done');
    await exploreAsAUser(panel);
    if (cspViolations.length > 0) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
    step('no Content Security Policy violations');

    // The web workbench starts in Light Modern; the palette's light/dark toggle gives Dark Modern. The panel
    // follows through VS Code's CSS variables.
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') {
        await runFromPalette(page, 'Preferences: Toggle between Light/Dark Themes');
        await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
      }
      await panel.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(560, 950); // off the Explorer, so no hover tooltip covers the shot
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(SCREENSHOTS, `workbench-${theme}.png`) });
      await panel.evaluate(() => document.querySelector('.gl-artifacts')?.scrollIntoView());
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SCREENSHOTS, `workbench-${theme}-images.png`) });
      await panel.evaluate(() => document.querySelector('.gl-vae-explorer')?.scrollIntoView());
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SCREENSHOTS, `workbench-${theme}-explorer.png`) });
    }
    step(`screenshots in ${SCREENSHOTS}`);

    // As a user would: the ▶ Train CodeLens of the example itself (full size), Stop and Resume from the panel.
    // The explorer took the focus into the panel's group: the config opens beside the first editor again.
    await runFromPalette(page, 'View: Focus First Editor Group');
    await openFile(page, 'vae-mnist.genlab.json');
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Train' }).first().click({ timeout: 30_000 });
    const vae = await panelFrame(page, 'vae-mnist', 90_000);
    await waitInFrame(vae, () => document.querySelector('.gl-header [data-status]')?.dataset.status === 'running', 'vae-mnist running', 90_000);
    const before = await waitInFrame(vae, () => Number(/step (\d+)/.exec(document.querySelector('.gl-progress')?.textContent ?? '')?.[1] ?? 0), 'a step count', 120_000);
    const after = await stepBeyond(vae, before, 'the step count to move');
    step(`vae-mnist trains: step ${before} → ${after}`);
    // The header shows the step only while running: note the last one before stopping.
    const stoppedAt = await shownStep(vae);
    await clickPanelButton(vae, 'Stop');
    await waitInFrame(vae, () => document.querySelector('.gl-header [data-status]')?.dataset.status === 'stopped', 'Stop', 60_000);
    step(`stopped after step ${stoppedAt} (checkpoint saved)`);
    await clickPanelButton(vae, 'Resume');
    await waitInFrame(vae, () => document.querySelector('.gl-header [data-status]')?.dataset.status === 'running', 'Resume', 120_000);
    const resumedAt = await stepBeyond(vae, stoppedAt, 'progress after Resume');
    step(`resumed: step ${stoppedAt} → ${resumedAt}`);
    await clickPanelButton(vae, 'Stop');
    await waitInFrame(vae, () => document.querySelector('.gl-header [data-status]')?.dataset.status === 'stopped', 'the second Stop', 60_000);

    // Closing and reopening the window: the serializer brings both panels back.
    await page.reload();
    await page.locator('.activitybar .action-item a[aria-label^="GenLab"]').waitFor({ timeout: 60_000 });
    for (const name of ['quick-vae', 'vae-mnist']) {
      // A restored panel in a background tab loads when shown: bring each forward by its tab.
      await page.locator('.tabs-container .tab', { hasText: `GenLab: ` }).filter({ hasText: name }).first().click({ timeout: 90_000 });
      const restored = await panelFrame(page, name, 60_000);
      step(`after reload, the ${name} panel is back (${await runStatus(restored)})`);
    }
    return 0;
  } catch (error) {
    const shot = join(tmpdir(), 'genlab-e2e-failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`[e2e] screenshot of the failure: ${shot}`);
    throw error;
  } finally {
    console.log(`[e2e] figures: ${JSON.stringify(results)}`);
    await browser.close();
    live.cleanUp();
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    console.log(`\n  ${passing} passing`);
    process.exit(code);
  },
  (error) => {
    console.error(`  1) ${error.stack ?? error}`);
    console.log(`\n  ${passing} passing\n  1 failing`);
    process.exit(1);
  },
);
