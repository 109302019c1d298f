/**
 * The sweep panel in headless Chromium, light and dark: runs a small random sweep with the CLI (a 1-D GAN, a
 * grid over the noise size crossed with log-uniform learning rates), renders the panel page from its
 * sweep.json with VS Code's theme variables (themes.json), ticks two trials and compares them (the message the
 * page posts), counts the parallel-coordinates lines, and saves one screenshot per theme.
 *   SCREENSHOTS_DIR=… npx tsx test/webview/sweepPanelShots.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { SweepFile } from '../../src/shared/protocol';
import { sweepPageHtml } from '../../src/extension/sweep/sweepPage';

const ROOT = join(__dirname, '..', '..');
const themes = JSON.parse(readFileSync(join(__dirname, 'themes.json'), 'utf8')) as Record<string, { bodyClass: string; vars: Record<string, string> }>;

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'genlab-sweep-shots-'));
  const out = process.env.SCREENSHOTS_DIR ?? tmp;
  try {
    const config = join(tmp, 'lr.genlab.json');
    writeFileSync(config, JSON.stringify({ name: 'gan1d-lr', model: { type: 'gan-1d', generatorHidden: [16], discriminatorHidden: [16] },
      training: { epochs: 3, stepsPerEpoch: 30, batchSize: 64 },
      sweep: { grid: { 'model.noiseDim': [1, 4] }, random: { 'training.optimizer.learningRate': { logUniform: [1e-4, 3e-2] } }, trials: 3, seed: 1, metric: 'js', parallel: 2 } }));
    execFileSync(process.execPath, [join(ROOT, 'bin', 'genlab.js'), 'sweep', config, '--out', join(tmp, 'sweep')], { stdio: 'pipe' });
    const file = JSON.parse(readFileSync(join(tmp, 'sweep', 'sweep.json'), 'utf8')) as SweepFile;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      for (const name of ['light', 'dark']) {
        const theme = themes[name];
        const vars = Object.entries(theme.vars).map(([k, v]) => `--vscode-${k}:${v}`).join(';');
        const html = sweepPageHtml(file, 'shot').replace('<html lang="en">', `<html lang="en" style="${vars.replace(/"/g, '&quot;')}">`)
          .replace('<body>', `<body class="${theme.bodyClass}">`);
        const page = await browser.newPage({ viewport: { width: 900, height: 520 } });
        // The webview's API, recording what the page posts (a script under the page's own nonce, before its own).
        await page.setContent(html.replace('<head>', `<head><script nonce="shot">window.posted = []; let state;
          window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => state, setState: (s) => (state = s) });</script>`));
        const finished = file.trials.filter((t) => t.value !== undefined).length;
        const lines = await page.locator('.parallel polyline').count();
        if (lines !== finished) throw new Error(`${lines} parallel-coordinates lines for ${finished} finished trials`);
        const boxes = page.locator('input[data-run]');
        const runs = await Promise.all([0, 1].map((i) => boxes.nth(i).getAttribute('data-run')));
        if (!(await page.locator('#compare').isDisabled())) throw new Error('Compare is enabled with nothing ticked');
        for (const i of [0, 1]) await boxes.nth(i).check();
        await page.locator('#compare').click();
        const posted = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
        if (JSON.stringify(posted) !== JSON.stringify([{ type: 'compare', runs }])) throw new Error(`posted ${JSON.stringify(posted)}`);
        console.log(`  ✔ sweep panel, ${name}: ${lines} parallel-coordinates lines; ticking two trials posts ${JSON.stringify(posted[0])}`);
        const shot = join(out, `sweep-panel-${name}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`  ✔ sweep panel, ${name}: ${shot}`);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => console.log('  4 passing'), (e: unknown) => {
  console.log(`  ✘ ${(e as Error).stack ?? e}\n  0 passing\n  1 failing`);
  process.exitCode = 1;
});
