#!/usr/bin/env node
// Looks at the latent explorer of a finished VAE run in the panel harness, as a person would: under
// the light and dark themes, checks the card appears once the model service (a real `genlab serve`
// of the run, started by the harness server) says the latent is Gaussian, that the test codes are
// drawn, that moving the pointer over the plane decodes the point under it (the decoded image's
// pixels differ between two places, the printed z follows), that interpolation fills its strip for
// linear and slerp paths, and that nothing was refused by the CSP. Saves explorer-<theme>.png.
//   node test/webview/explorerShots.mjs <vae-run-dir>
// Needs `node esbuild.mjs` (dist/webview.js and dist/cli.js) and Debian's chromium. SCREENSHOTS_DIR puts the pictures elsewhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkExport, finish, launchBrowser, openHarness, ROOT, SHOTS, useRun } from './harnessKit.mjs';
import { startHarnessServer } from './server.mjs';

const runDir = useRun(process.argv[2], 'node test/webview/explorerShots.mjs <vae-run-dir>');
const server = await startHarnessServer(ROOT);
const latentDim = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')).model.latentDim;
const testCount = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .find((e) => e.type === 'data').test;
const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark']) await lookAt(theme);
} finally {
  await browser.close();
  await server.close();
}
finish();

/** The decoded image's pixels and the z printed under it. */
function decoded(frame) {
  return frame.evaluate(() => {
  const canvas = document.querySelector('.gl-explorer-image');
  return { pixels: [...canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data],
    z: canvas.dataset.z, text: document.querySelector('.gl-explorer-z').textContent };
  });
}

/** Moves the pointer to a fraction of the plane and waits until the image decoded there is drawn. */
async function pointAt(frame, fx, fy) {
  const plane = frame.locator('.gl-latent-plane');
  const box = await plane.boundingBox();
  const before = (await decoded(frame)).z;
  await plane.hover({ position: { x: fx * box.width, y: fy * box.height } });
  await frame.waitForFunction((z) => document.querySelector('.gl-explorer-image').dataset.z !== z, before, { timeout: 10000 });
  return decoded(frame);
}

async function lookAt(theme) {
  const { page, frame, errors } = await openHarness(browser, server, theme);
  const shown = await frame.waitForSelector('.gl-vae-explorer:not([hidden])', { timeout: 30000 }).then(() => true, () => false);
  check(`${theme}: the explorer card appears for the VAE run`, shown);
  if (!shown) return page.close();
  const note = await frame.textContent('.gl-vae-explorer .gl-card-note');
  check(`${theme}: it names the loaded epoch and the latent's size`, new RegExp(`epoch \\d+ · ${latentDim}-D latent`).test(note), note);
  await frame.waitForFunction(() => Number(document.querySelector('.gl-vae-explorer')?.dataset.codes) > 0, null, { timeout: 15000 });
  await frame.waitForFunction(() => Number(document.querySelector('.gl-explorer-image')?.dataset.decoded) > 0, null, { timeout: 15000 });
  const codes = await frame.evaluate(() => Number(document.querySelector('.gl-vae-explorer').dataset.codes));
  check(`${theme}: the test set's codes are drawn on the plane`, codes === Math.min(256, testCount), `${codes} of ${testCount} test images`);

  const a = await pointAt(frame, 0.2, 0.3);
  const b = await pointAt(frame, 0.8, 0.75);
  const za = a.z.split(',').map(Number), zb = b.z.split(',').map(Number);
  check(`${theme}: the z under the pointer is decoded and printed`,
    Math.abs(za[0] - -1.8) < 0.1 && Math.abs(za[1] - 1.2) < 0.1 && Math.abs(zb[0] - 1.8) < 0.1 && Math.abs(zb[1] - -1.5) < 0.1 &&
    b.text === `z = (${zb.map((v) => (v < 0 ? `−${(-v).toFixed(2)}` : v.toFixed(2))).join(', ')})`, `${a.text} → ${b.text}`);
  const differing = a.pixels.filter((v, i) => v !== b.pixels[i]).length;
  const inked = b.pixels.filter((v, i) => i % 4 === 0 && v > 40).length;
  check(`${theme}: moving the pointer changes the decoded image`, differing > 100 && inked > 50, `${differing} channel values differ, ${inked} inked pixels`);

  // A drag sends a decode per move; only the newest is drawn, and the card keeps up.
  const plane = frame.locator('.gl-latent-plane');
  const box = await plane.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let k = 0; k <= 20; k++) await page.mouse.move(box.x + box.width * (0.5 - k * 0.02), box.y + box.height * 0.5);
  await page.mouse.up();
  await frame.waitForFunction(() => document.querySelector('.gl-explorer-image').dataset.z.startsWith('-2.4'), null, { timeout: 10000 })
    .catch(() => {});
  const dragged = await decoded(frame);
  check(`${theme}: a drag ends on the image of where it stopped`, Math.abs(Number(dragged.z.split(',')[0]) - -2.4) < 0.1, dragged.text);

  if (latentDim > 2) await checkDimensions(frame, theme);

  // The keyboard moves the point too: Shift+→ is one σ along the plane's x axis.
  const beforeKey = Number((await decoded(frame)).z.split(',')[0]);
  await frame.focus('.gl-latent-plane');
  await page.keyboard.press('Shift+ArrowRight');
  await frame.waitForFunction((x) => Number(document.querySelector('.gl-explorer-image').dataset.z.split(',')[0]) !== x, beforeKey,
    { timeout: 10000 }).catch(() => {});
  const keyed = Number((await decoded(frame)).z.split(',')[0]);
  check(`${theme}: Shift+→ on the focused plane moves z1 by one σ`, Math.abs(keyed - Math.min(3, Math.round((beforeKey + 1) * 100) / 100)) < 1e-9, `${beforeKey} → ${keyed}`);

  for (const mode of ['linear', 'slerp']) {
    await frame.selectOption('.gl-explorer-interpolation select', mode);
    await frame.click('.gl-explorer-interpolation vscode-button:has-text("Interpolate")');
    await frame.waitForFunction((m) => document.querySelector('.gl-interp-strip').dataset.path === `0-1-${m}`, mode, { timeout: 15000 })
      .catch(() => {});
    const ends = await frame.$$eval('.gl-interp-strip canvas', (cs) => [cs[0], cs.at(-1)].map((c) => c.className));
    check(`${theme}: the two test images stand at the strip's ends`, ends.every((c) => c === 'gl-interp-original'), ends.join(' '));
    const frames = await frame.$$eval('.gl-interp-strip .gl-interp-frame', (cs) => cs.map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 0; i < d.length; i += 4) sum += d[i];
      return sum;
    }));
    check(`${theme}: ${mode} interpolation draws 10 frames that change along the path`,
      frames.length === 10 && new Set(frames).size > 5 && frames.every((s) => s > 0), frames.join(' '));
  }
  // The strip as the host would save it: the two test images and the 10 frames between them.
  await checkExport(page, frame, theme, '.gl-vae-explorer', 'interpolation', 'gif', 12, 28);
  await checkExport(page, frame, theme, '.gl-vae-explorer', 'decoded', 'png', 1, 28);
  await frame.locator('.gl-latent-plane').hover({ position: { x: 150, y: 120 } });
  await page.waitForTimeout(300);
  check(`${theme}: no script errors or CSP refusals`, errors.length === 0, errors.join(' | '));
  await frame.locator('.gl-vae-explorer').screenshot({ path: join(SHOTS, `explorer-${theme}.png`) });
  await page.close();
}

/** More than two dimensions: a slider per dimension decodes as it moves, and the plane shows the two chosen. */
async function checkDimensions(frame, theme) {
  const sliders = await frame.$$('.gl-explorer-dims .gl-slider input');
  check(`${theme}: a slider per latent dimension`, sliders.length === latentDim, `${sliders.length} sliders`);
  const before = await decoded(frame);
  await frame.evaluate(() => {
    const input = document.querySelectorAll('.gl-explorer-dims .gl-slider input')[2];
    input.value = '2.5';
    input.dispatchEvent(new Event('input'));
  });
  await frame.waitForFunction(() => document.querySelector('.gl-explorer-image').dataset.z.split(',')[2] === '2.5', null, { timeout: 10000 })
    .catch(() => {});
  const after = await decoded(frame);
  const differing = after.pixels.filter((v, i) => v !== before.pixels[i]).length;
  check(`${theme}: moving z3's slider decodes z with z3 = 2.5, others held`,
    after.z.split(',')[2] === '2.5' && after.z.split(',').slice(0, 2).join() === before.z.split(',').slice(0, 2).join() && differing > 100,
    `${before.text} → ${after.text}, ${differing} channel values differ`);
  const plane = () => frame.evaluate(() => {
    const c = document.querySelector('.gl-latent-plane');
    return [...c.getContext('2d').getImageData(0, 0, c.width, c.height).data];
  });
  const xy = await plane();
  await frame.selectOption('.gl-explorer-axes .gl-choice:nth-child(2) select', '2');
  const x3 = await plane();
  check(`${theme}: choosing z3 for the plane's y axis redraws the codes`, x3.some((v, i) => v !== xy[i]));
  // The plane now moves z1 and z3; z2 stays where it was.
  const moved = await pointAt(frame, 0.5, 0.25);
  check(`${theme}: on the (z1, z3) plane the pointer sets z1 and z3`,
    Math.abs(moved.z.split(',').map(Number)[2] - 1.5) < 0.1 && moved.z.split(',')[1] === after.z.split(',')[1], moved.text);
}
