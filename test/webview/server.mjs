// Serves the panel harness on 127.0.0.1: the bundle (/dist), the harness pages (/test/webview), the panel
// page as the extension builds it (/panel.html), the fixture's messages (/fixture/*.json) and the run folder
// its artifacts come from (/run).
// `node test/webview/server.mjs` prints a URL to open in a browser (add ?replay=1 to watch it train).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixture } from './fixture.mjs';
import { harnessPanelPage } from './panelPage.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.map': 'application/json' };

export async function startHarnessServer(repoRoot) {
  const fixture = await buildFixture(repoRoot);
  const roots = { '/dist/': join(repoRoot, 'dist'), '/test/webview/': join(repoRoot, 'test', 'webview'), '/run/': fixture.runDir };
  const json = {
    '/fixture/snapshot.json': fixture.snapshot,
    '/fixture/events.json': fixture.events,
    '/fixture/compare.json': fixture.compare,
  };
  // The panel frame may not fetch (its CSP has no connect-src), so the themes come as a script.
  const themes = await readFile(join(repoRoot, 'test', 'webview', 'themes.json'), 'utf8');
  const scripts = { '/fixture/themes.js': `window.__harnessThemes = ${themes};` };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res.writeHead(302, { location: '/test/webview/harness.html' }).end();
      return;
    }
    if (path === '/panel.html') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(harnessPanelPage(`http://${req.headers.host}`));
      return;
    }
    if (scripts[path]) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts[path]);
      return;
    }
    if (json[path]) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json[path]));
      return;
    }
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
    if (!file || !(file + sep).startsWith(resolve(roots[prefix]) + sep) && file !== resolve(roots[prefix])) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/test/webview/harness.html`, fixture, close: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url, fixture } = await startHarnessServer(resolve(fileURLToPath(import.meta.url), '../../..'));
  console.log(`fixture: ${fixture.source} run ${fixture.runDir}`);
  console.log(`open ${url}?theme=dark&replay=1`);
}

/** The panel's frame inside the harness page, once loaded (the harness hosts it as VS Code hosts a webview). */
export async function panelFrame(page) {
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
