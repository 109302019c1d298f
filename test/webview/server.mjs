// Serves the panel harness on 127.0.0.1: the bundle (/dist), the harness pages (/test/webview), the panel
// page as the extension builds it (/panel.html), the fixture's messages (/fixture/*.json) and the run folder
// its artifacts come from (/run).
// `node test/webview/server.mjs` prints a URL to open in a browser (add ?replay=1 to watch it train).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
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
  const modelService = new HarnessModelService(join(repoRoot, 'dist', 'cli.js'), fixture.runDir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/explore' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const reply = await modelService.ask(JSON.parse(body));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      return;
    }
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
  return { url: `http://127.0.0.1:${port}/test/webview/harness.html`, fixture, close: () => {
    modelService.stop();
    return new Promise((ok) => server.close(ok));
  } };
}

/**
 * Plays the extension's ModelService for the explorer (POST /explore): one `genlab serve` of the
 * fixture run (dist/cli.js), started on the first request, replies matched to requests by id.
 */
class HarnessModelService {
  constructor(cliPath, runDir) {
    this.cliPath = cliPath;
    this.runDir = runDir;
    this.waiting = new Map();
    this.nextId = 1;
  }

  ask(request) {
    // The generated fixture has no weights to serve: answered as the service would, without starting one.
    if (!existsSync(join(this.runDir, 'checkpoints'))) return Promise.resolve({ error: `${this.runDir} has no epoch checkpoint yet` });
    if (!this.child) {
      this.child = spawn(process.execPath, [this.cliPath, 'serve', this.runDir], { stdio: ['pipe', 'pipe', 'inherit'] });
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        const { id, ...reply } = JSON.parse(line);
        this.waiting.get(id)?.('superseded' in reply ? { superseded: true } : reply);
        this.waiting.delete(id);
      });
      this.child.on('close', (code) => {
        for (const resolve of this.waiting.values()) resolve({ error: `the model service exited (code ${code})` });
        this.waiting.clear();
        this.child = undefined;
      });
    }
    const id = this.nextId++;
    this.child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  stop() {
    this.child?.stdin.end();
  }
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
