#!/usr/bin/env node
// The explorers of sampling models in the panel harness (a real `genlab serve` of the run behind it), light and dark.
// A GAN run: the sample grid appears, Re-roll draws other samples, picking two fills the interpolation strip, and the
// walk decodes one z by every saved epoch. A NADE or PixelCNN run: completing a test image's kept half gives 8 different
// completions, each with its log-likelihood, and another half gives others; painting a stroke samples only it; a digit
// drawn in ink from a blank image keeps its strokes and gets different completions of the rest. A categorical VAE run: the code grid
// appears with one class per variable, clicking a cell (and ↑ in a column) sets that class and decodes, the sweep shows
// that variable over all its classes, and the re-rolls change one variable or the code. Each card's Export buttons give
// the PNG sheet, GIF or WebP the model service makes of its frames. A 1-D GAN run: the data and generator densities are
// drawn, moving a noise slider moves the marker to the G(z) the service computes for that z, and the map below sweeps
// that dimension. A Gumbel-softmax GAN run: the card opens at the trained τ, cold τ gives nearly one-hot relaxed
// samples and hot τ nearly uniform ones, and Trained τ goes back. Their Export PNG sends both charts as one picture.
// No script errors or CSP refusals.
// Saves <model>-explorer-<theme>.png.
//   node test/webview/sampleExplorerShots.mjs <run-dir of a GAN, NADE, PixelCNN, categorical VAE, 1-D GAN or Gumbel GAN>
// Needs `node esbuild.mjs` (dist/webview.js and dist/cli.js) and Debian's chromium. SCREENSHOTS_DIR puts the pictures elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkExport, finish, launchBrowser, openHarness, ROOT, SHOTS, useRun } from './harnessKit.mjs';
import { startHarnessServer } from './server.mjs';

const runDir = useRun(process.argv[2], 'node test/webview/sampleExplorerShots.mjs <run-dir of a sampling model>');
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
  const checks = { nade: nadeChecks, pixelcnn: nadeChecks, 'categorical-vae': codeChecks, 'gan-1d': gan1dChecks, 'gumbel-gan': gumbelChecks }[model] ?? ganChecks;
  const card = await checks(frame, theme, page);
  check(`${theme}: no script errors or CSP refusals`, errors.length === 0, errors.join(' | '));
  if (card) await frame.locator(card).screenshot({ path: join(SHOTS, `${model}-explorer-${theme}.png`) });
  await page.close();
}

/** Each NADE completion's pixels (0 or 1), read at the centre of each of its 28 × 28 cells. */
function completionPixels(frame) {
  return frame.$$eval('.gl-nade-completions canvas', (cs) => cs.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, step = c.width / 28;
    return Array.from({ length: 784 }, (_, i) => d[4 * (Math.floor((Math.floor(i / 28) + 0.5) * step) * c.width + Math.floor(((i % 28) + 0.5) * step))] > 127 ? 1 : 0);
  }));
}

async function nadeChecks(frame, theme, page) {
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
  await frame.selectOption('.gl-nade-explorer .gl-choice:has-text("keep") select', 'left');
  await frame.click('.gl-nade-explorer vscode-button:has-text("Complete")');
  const left = (await completed('0-left')) && await inkOf(frame, '.gl-nade-completions canvas');
  check(`${theme}: keeping the left half instead completes it differently`, left && left.length === 8 && left.some((s, i) => s !== top[i]));
  await checkExport(page, frame, theme, '.gl-nade-explorer', 'completions', 'png', 9, 28);

  // A stroke painted across the digit's middle: keep all but it, and the completions differ only there.
  const original = frame.locator('.gl-nade-original');
  const box = await original.boundingBox();
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let f = 0.15; f <= 0.85; f += 0.05) await page.mouse.move(box.x + box.width * f, box.y + box.height * (0.5 + 0.2 * Math.sin(f * 6)));
  await page.mouse.up();
  const keep = await frame.$eval('.gl-nade-explorer .gl-choice:has-text("keep") select', (s) => s.value);
  await frame.click('.gl-nade-explorer vscode-button:has-text("Complete")');
  const painted = (await completed('0-unpainted')) && await frame.$eval('.gl-nade-original', (c) => c.dataset.mask);
  const cells = await completionPixels(frame);
  const mask = [...(painted || '')].map(Number);
  const keptSame = cells.length === 8 && mask.every((m, i) => m === 1 || cells.every((c) => c[i] === cells[0][i]));
  const paintedDiffer = mask.some((m, i) => m === 1 && cells.some((c) => c[i] !== cells[0][i]));
  check(`${theme}: painting a stroke keeps all but it: 8 completions alike outside the stroke, different inside`,
    keep === 'unpainted' && mask.length === 784 && mask.filter(Boolean).length > 20 && keptSame && paintedDiffer,
    `keep ${keep}, ${mask.filter(Boolean).length} px painted, kept alike ${keptSame}, painted differ ${paintedDiffer}`);

  // A digit of one's own: Blank, a stroke down the top half in ink, keep the top, and the model draws the bottom.
  await frame.click('.gl-nade-explorer vscode-button:has-text("Blank")');
  await frame.selectOption('.gl-nade-explorer .gl-choice:has-text("keep") select', 'top');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.08);
  await page.mouse.down();
  for (let f = 0.08; f <= 0.45; f += 0.03) await page.mouse.move(box.x + box.width * (0.5 + 0.1 * f), box.y + box.height * f);
  await page.mouse.up();
  await frame.click('.gl-nade-explorer vscode-button:has-text("Complete")');
  const drawn = (await completed('drawn-top')) && await frame.$eval('.gl-nade-original', (c) => c.dataset.source);
  const ownCells = await completionPixels(frame);
  const ownTop = ownCells[0]?.slice(0, 392) ?? [];
  const topAlike = ownCells.length === 8 && ownCells.every((c) => c.slice(0, 392).every((v, i) => v === ownTop[i]));
  const strokeInk = ownTop.filter(Boolean).length;
  const bottomsDiffer = new Set(ownCells.map((c) => c.slice(392).join(''))).size > 1;
  check(`${theme}: a digit drawn from blank: the 8 completions keep its inked top half and draw different bottoms`,
    drawn === 'drawn' && topAlike && strokeInk >= 8 && strokeInk < 120 && bottomsDiffer,
    `source ${drawn}, ${strokeInk} inked px kept alike ${topAlike}, bottoms differ ${bottomsDiffer}`);
  return '.gl-nade-explorer';
}

async function codeChecks(frame, theme, page) {
  const shown = await frame.waitForSelector('.gl-code-explorer:not([hidden]) .gl-explorer-image[data-decoded]', { timeout: 30000 })
    .then(() => true, () => false);
  check(`${theme}: the code explorer appears for the categorical VAE run, its code decoded`, shown);
  if (!shown) return null;
  const state = () => frame.evaluate(() => {
    const image = document.querySelector('.gl-code-explorer .gl-explorer-image');
    const pressed = [...document.querySelectorAll('.gl-code-cell[aria-pressed="true"]')].map((c) => c.title);
    return { code: image.dataset.code.split(',').map(Number), decoded: Number(image.dataset.decoded), pressed,
      sweep: document.querySelector('.gl-code-sweep').dataset.variable };
  });
  const decodedAfter = (before) => frame.waitForFunction((b) => Number(document.querySelector('.gl-code-explorer .gl-explorer-image')
    .dataset.decoded) > b, before, { timeout: 15000 }).catch(() => {});
  const ink = () => inkOf(frame, '.gl-code-explorer .gl-explorer-image');
  const first = await state();
  const variables = first.code.length;
  const expected = first.code.map((k, v) => `z${v + 1} = ${k}`).sort().join('|');
  check(`${theme}: one pressed cell per variable, the decoded code's`, first.pressed.sort().join('|') === expected,
    `${variables} variables, code ${first.code.join(' ')}`);
  const inkBefore = (await ink())[0];
  // Variable 5 to a class it does not have.
  const cls = (first.code[4] + 3) % 10;
  await frame.click(`.gl-code-cell[title="z5 = ${cls}"]`);
  await decodedAfter(first.decoded);
  const clicked = await state();
  const inkClicked = (await ink())[0];
  check(`${theme}: clicking z5 = ${cls} sets that variable only and decodes another picture`,
    clicked.code[4] === cls && clicked.code.every((k, v) => v === 4 || k === first.code[v]) && inkClicked !== inkBefore,
    `${first.code.join(' ')} → ${clicked.code.join(' ')}, ink ${inkBefore} → ${inkClicked}`);
  const sweep = await inkOf(frame, '.gl-code-sweep canvas');
  const captions = await frame.$$eval('.gl-code-sweep figcaption', (fs) => fs.map((f) => f.textContent));
  check(`${theme}: the sweep decodes z5 over its 10 classes, the others held: 10 different pictures`,
    clicked.sweep === '4' && sweep.length === 10 && new Set(sweep).size > 6 && captions[0] === 'z5 = 0', `${sweep.join(' ')} · ${captions.join(', ')}`);
  await frame.press(`.gl-code-cell[title="z5 = ${cls}"]`, cls > 0 ? 'ArrowUp' : 'ArrowDown');
  await decodedAfter(clicked.decoded);
  const keyed = await state();
  // ← / → move between columns, the key spent there (default prevented), so the panel's own ← (the epoch slider) ignores it.
  const left = await frame.evaluate((title) => {
    const cell = document.querySelector(`.gl-code-cell[title="${title}"]`);
    cell.focus();
    const key = new window.KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, cancelable: true });
    cell.dispatchEvent(key);
    return { focused: document.activeElement?.title, prevented: key.defaultPrevented };
  }, `z5 = ${keyed.code[4]}`);
  check(`${theme}: ↑ / ↓ in the focused column step z5's class; ← moves to z4, spent there, not on the epoch slider`,
    keyed.code[4] === (cls > 0 ? cls - 1 : cls + 1) && left.focused === `z4 = ${keyed.code[3]}` && left.prevented,
    `z5 ${cls} → ${keyed.code[4]}, ${JSON.stringify(left)}`);
  await frame.click('.gl-code-explorer vscode-button:has-text("Re-roll z5")');
  await decodedAfter(keyed.decoded);
  const rerolled = await state();
  check(`${theme}: Re-roll z5 gives z5 another class and keeps the rest`,
    rerolled.code[4] !== keyed.code[4] && rerolled.code.every((k, v) => v === 4 || k === keyed.code[v]), `${keyed.code.join(' ')} → ${rerolled.code.join(' ')}`);
  await frame.click('.gl-code-explorer vscode-button:has-text("Re-roll all")');
  await decodedAfter(rerolled.decoded);
  const all = await state();
  check(`${theme}: Re-roll all draws a new code`, all.code.filter((k, v) => k !== rerolled.code[v]).length > variables / 3,
    `${rerolled.code.join(' ')} → ${all.code.join(' ')}`);
  await checkExport(page, frame, theme, '.gl-code-explorer', 'sweep', 'webp', 10, 28);
  await checkExport(page, frame, theme, '.gl-code-explorer', 'code', 'png', 1, 28);
  return '.gl-code-explorer';
}

async function ganChecks(frame, theme, page) {
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
  const side = await frame.$eval('.gl-gan-walk canvas', (c) => Number(c.dataset.imageWidth));
  await checkExport(page, frame, theme, '.gl-gan-explorer', 'walk', 'gif', savedEpochs, side);
  await checkExport(page, frame, theme, '.gl-gan-explorer', 'interpolation', 'webp', 10, side);
  await checkExport(page, frame, theme, '.gl-gan-explorer', 'samples', 'png', 16, side, 8);
  return '.gl-gan-explorer';
}

/** Moves a range input as a user's drag does: its value, then the input event the card listens to. */
function slide(frame, selector, value) {
  return frame.$eval(selector, (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Clicks a card's Export PNG and returns the PNG's size from the view-png message the panel posted. */
async function chartPngOf(page, frame, card, view) {
  const before = await page.evaluate(() => window.harness.received.length);
  await frame.click(`${card} .gl-frames-export[data-export="${view}"] vscode-button:has-text("Export PNG")`);
  const message = await page.waitForFunction((n) => window.harness.received.slice(n).find((m) => m.type === 'export'), before,
    { timeout: 10000 }).then((h) => h.jsonValue(), () => null);
  const png = Buffer.from((message?.dataUrl ?? '').split(',')[1] ?? '', 'base64');
  const size = png.length > 24 ? { width: png.readUInt32BE(16), height: png.readUInt32BE(20) } : null;
  return { view: message?.view, what: message?.what, size };
}

async function gan1dChecks(frame, theme, page) {
  const card = '.gl-gan1d-explorer';
  const shown = await frame.waitForSelector(`${card}:not([hidden])[data-gz][data-draws]`, { timeout: 30000 }).then(() => true, () => false);
  check(`${theme}: the generator explorer appears for the 1-D GAN run, G(0) marked on the densities`, shown);
  if (!shown) return null;
  const state = () => frame.$eval(card, (c) => ({ z: c.dataset.z, gz: Number(c.dataset.gz), draws: Number(c.dataset.draws),
    marker: Number(c.querySelector('.gl-gan1d-density .gl-chart-plot').dataset.marker),
    mapMarker: Number(c.querySelector('.gl-gan1d-map .gl-chart-plot').dataset.marker),
    points: Number(c.querySelector('.gl-gan1d-density .gl-chart-plot').dataset.points) }));
  const first = await state();
  check(`${theme}: data and generator densities drawn (most of 4000 draws on the plot), the marker at G(z)`,
    first.z === '0.00,0.00,0.00,0.00' && first.draws > 3000 && first.points > 50 && first.marker === first.gz, JSON.stringify(first));

  await slide(frame, `${card} .gl-slider:nth-child(2) input`, 2.5);
  await frame.waitForFunction((c) => document.querySelector(c).dataset.z === '0.00,2.50,0.00,0.00', card, { timeout: 10000 }).catch(() => {});
  const moved = await state();
  const direct = await page.evaluate(() => fetch('/explore', { method: 'POST', body: JSON.stringify({ op: 'generate', z: [[0, 2.5, 0, 0]] }) })
    .then((r) => r.json()));
  const expected = direct.outputs?.x?.[0];
  check(`${theme}: moving z2 to 2.5 moves the marker to the service's G(0, 2.5, 0, 0), and the map's marker to z2 = 2.5`,
    moved.z === '0.00,2.50,0.00,0.00' && Math.abs(moved.gz - expected) < 1e-6 && moved.marker === moved.gz && moved.gz !== first.gz &&
    moved.mapMarker === 2.5, `${first.gz} → ${moved.gz} (service ${expected}); map marker ${moved.mapMarker}`);
  const title = await frame.$eval(`${card} .gl-explorer-subtitle`, (h) => h.textContent);
  check(`${theme}: the map sweeps the dimension last moved`, title === 'G along z2, the others held', title);

  const png = await chartPngOf(page, frame, card, 'generator-map');
  const heights = await frame.$$eval(`${card} .gl-curve-plot canvas`, (cs) => cs.map((c) => c.height));
  check(`${theme}: Export PNG sends the density and the map as one picture`,
    png.what === 'view-png' && png.view === 'generator-map' && png.size?.height === heights.reduce((a, b) => a + b, 0), JSON.stringify({ ...png, heights }));
  return card;
}

async function gumbelChecks(frame, theme, page) {
  const card = '.gl-gumbel-explorer';
  const shown = await frame.waitForSelector(`${card}:not([hidden])[data-sharpness]`, { timeout: 30000 }).then(() => true, () => false);
  check(`${theme}: the temperature explorer appears for the Gumbel GAN run, at the τ it trained at`, shown);
  if (!shown) return null;
  const trained = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')).model.temperature.value;
  const state = () => frame.$eval(card, (c) => ({ tau: Number(c.dataset.temperature), sharpness: Number(c.dataset.sharpness),
    strips: c.querySelector('.gl-gumbel-samples').toDataURL() }));
  const first = await state();
  check(`${theme}: opened at τ = ${trained}`, first.tau === trained, JSON.stringify({ tau: first.tau, sharpness: first.sharpness }));
  const at = async (logTau) => {
    await slide(frame, `${card} input[type=range]`, logTau);
    await frame.waitForFunction(([c, t]) => Math.abs(Number(document.querySelector(c).dataset.temperature) - t) < 1e-9,
      [card, 10 ** logTau], { timeout: 10000 }).catch(() => {});
    return state();
  };
  const cold = await at(Math.log10(0.05));
  const hot = await at(Math.log10(20));
  check(`${theme}: cold τ gives nearly one-hot relaxed samples, hot τ nearly uniform ones, drawn differently`,
    cold.sharpness > 0.9 && hot.sharpness < 0.35 && cold.strips !== hot.strips, `sharpness at 0.05: ${cold.sharpness}, at 20: ${hot.sharpness}`);
  await frame.click(`${card} vscode-button:has-text("Trained τ")`);
  await frame.waitForFunction(([c, t]) => Number(document.querySelector(c).dataset.temperature) === t, [card, trained], { timeout: 10000 }).catch(() => {});
  const back = await state();
  check(`${theme}: Trained τ goes back to τ = ${trained}`, back.tau === trained && Math.abs(back.sharpness - first.sharpness) < 1e-9,
    JSON.stringify({ tau: back.tau, sharpness: back.sharpness }));
  const png = await chartPngOf(page, frame, card, 'temperature');
  const heights = await frame.$$eval(`${card} .gl-bar-chart canvas, ${card} .gl-gumbel-samples`, (cs) => cs.map((c) => c.height));
  check(`${theme}: Export PNG sends the bars and the samples as one picture`,
    png.what === 'view-png' && png.view === 'temperature' && png.size?.height === heights.reduce((a, b) => a + b, 0), JSON.stringify({ ...png, heights }));
  return card;
}
