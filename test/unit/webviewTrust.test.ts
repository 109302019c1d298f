import { strict as assert } from 'node:assert';
import { panelTitle, runIdFromTitle } from '../../src/extension/panel/panelTitle';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { panelContentSecurityPolicy, panelPageHtml } from '../../src/extension/panel/panelPage';
import { readRunJson, resolveInsideRunDir } from '../../src/extension/panel/runFiles';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { useTempDir } from './helpers/tmp';

describe('webview trust boundary', () => {
  const tmp = useTempDir();

  it('parseWebviewMessage keeps only the known fields of known messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'stop', command: 'rm -rf /' }), { type: 'stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'read-json', requestId: 3, path: 'images/a-e001.json', extra: 1 }),
      { type: 'read-json', requestId: 3, path: 'images/a-e001.json' });
    for (const path of ['../summary.json', 'images/../../x.json', '/etc/passwd.json', 'a\0b.json', 'images%2F..%2Fx.json',
      'images\\..\\x.json', '']) {
      assert.equal(parseWebviewMessage({ type: 'read-json', requestId: 1, path }), null, JSON.stringify(path));
    }
    assert.equal(parseWebviewMessage({ type: 'read-json', requestId: '1', path: 'a.json' }), null);
    // A compare run's artifact names its run by id: an id, never a path.
    assert.deepEqual(parseWebviewMessage({ type: 'read-json', requestId: 4, path: 'a.json', runId: '20261203-0712-vae.b' }),
      { type: 'read-json', requestId: 4, path: 'a.json', runId: '20261203-0712-vae.b' });
    for (const runId of ['..', '../other', 'a/b', '', 7, '.hidden']) {
      assert.equal(parseWebviewMessage({ type: 'read-json', requestId: 1, path: 'a.json', runId }), null, JSON.stringify(runId));
    }
    assert.equal(parseWebviewMessage({ type: 'export', what: 'view-png', view: '../x', dataUrl: 'data:image/png;base64,AA' }), null);
    assert.equal(parseWebviewMessage({ type: 'export', what: 'view-png', view: 'v', dataUrl: 'javascript:alert(1)' }), null);
    for (const bad of [null, 'stop', 42, [], { type: 'eval' }]) assert.equal(parseWebviewMessage(bad), null);
  });

  it('parseWebviewMessage lets an explorer export its frames only in a known format, as base64, under a plain name', () => {
    const frames = (what: unknown) => parseWebviewMessage({ type: 'export', what: 'frames', view: 'walk', format: 'gif', frames: ['iVBORw0K', 'iVBORw0L'], ...(what as object) });
    assert.deepEqual(frames({ extra: 1 }), { type: 'export', what: 'frames', view: 'walk', format: 'gif', frames: ['iVBORw0K', 'iVBORw0L'] });
    assert.deepEqual(frames({ format: 'png', frames: ['iVBO'], across: 1 }), { type: 'export', what: 'frames', view: 'walk', format: 'png', frames: ['iVBO'], across: 1 });
    for (const bad of [{ format: 'svg' }, { view: '../walk' }, { frames: ['<script>'] }, { frames: ['iVBO'] }, { frames: 'iVBO' },
      { frames: Array.from({ length: 257 }, () => 'iVBO') }, { across: 0 }]) {
      assert.equal(frames(bad), null, JSON.stringify(bad).slice(0, 80));
    }
    // Not an explorer request: the host asks its model service for it only through Export.
    assert.equal(parseWebviewMessage({ type: 'explore', id: 1, request: { op: 'export', frames: ['iVBO', 'iVBO'], format: 'gif' } }), null);
  });

  it('parseWebviewMessage lets through only well-formed explorer requests of the ops the panel uses', () => {
    const explore = (request: unknown, id: unknown = 7) => parseWebviewMessage({ type: 'explore', id, request });
    assert.deepEqual(explore({ op: 'decode', z: [[0.5, -1]], coalesce: 'plane', extra: 'x' }),
      { type: 'explore', id: 7, request: { op: 'decode', z: [[0.5, -1]], coalesce: 'plane' } });
    assert.deepEqual(explore({ op: 'interpolate', from: [0, 0], to: [1, 1], frames: 10, mode: 'slerp' })?.type, 'explore');
    assert.deepEqual(explore({ op: 'info' }), { type: 'explore', id: 7, request: { op: 'info' } });
    // Every serve op is the explorers' (load follows the epoch slider); anything else is refused.
    for (const op of ['eval', 'dispose', '__proto__']) assert.equal(explore({ op, epoch: 1, z: [0, 0] }), null, op);
    assert.deepEqual(explore({ op: 'load', epoch: 2 }), { type: 'explore', id: 7, request: { op: 'load', epoch: 2 } });
    assert.equal(explore({ op: 'load', epoch: -1 }), null);
    assert.equal(explore({ op: 'complete', pixels: [0, 1], mask: [1, 0], n: 2, seed: 1 })?.type, 'explore');
    assert.deepEqual(explore({ op: 'walk', z: [0.5, -1] }), { type: 'explore', id: 7, request: { op: 'walk', z: [0.5, -1] } });
    const bad: unknown[] = [
      null, [], 'decode', { op: 'decode' }, { op: 'decode', z: [] }, { op: 'decode', z: [[NaN, 0]] }, { op: 'decode', z: [['1', 0]] },
      { op: 'decode', z: [[1e9, 0]] }, { op: 'decode', z: Array.from({ length: 257 }, () => [0, 0]) },
      { op: 'decode', z: [[0, 0]], coalesce: 'x'.repeat(65) }, { op: 'decode', z: [[0, 0]], coalesce: 3 },
      { op: 'encode', indices: [-1] }, { op: 'encode', indices: [0.5] }, { op: 'encode', indices: Array.from({ length: 257 }, (_, i) => i) },
      { op: 'interpolate', from: [0], to: [1], frames: 1000, mode: 'linear' },
      { op: 'interpolate', from: [0], to: [1], frames: 10, mode: 'cubic' },
      { op: 'sample', n: 1e6, seed: 0 },
    ];
    for (const request of bad) assert.equal(explore(request), null, JSON.stringify(request)?.slice(0, 80));
    for (const id of [-1, 1.5, '7', null, Number.MAX_VALUE]) assert.equal(explore({ op: 'info' }, id), null, String(id));
  });

  it('readRunJson reads inside the run and refuses .., absolute paths, symlinks out and non-JSON', async () => {
    const run = join(tmp.path, 'run');
    mkdirSync(join(run, 'images'), { recursive: true });
    writeFileSync(join(run, 'images', 'a-e001.json'), '{"ok":true}');
    writeFileSync(join(tmp.path, 'secret.json'), '{"secret":true}');
    symlinkSync(join(tmp.path, 'secret.json'), join(run, 'images', 'link.json'));
    assert.deepEqual(await readRunJson(run, 'images/a-e001.json'), { ok: true });
    for (const path of ['../secret.json', join(tmp.path, 'secret.json'), 'images/link.json', 'images/../../secret.json']) {
      await assert.rejects(readRunJson(run, path), /outside the run folder|absolute paths/, path);
    }
    await assert.rejects(readRunJson(run, 'images/a-e001.json\0.png'));
    await assert.rejects(readRunJson(run, 'config.txt'), /only \.json/);
    await assert.rejects(resolveInsideRunDir(run, '.'), /outside the run folder/);
  });

  it('the panel page: nothing by default, scripts only with its nonce, resources only from the webview source', () => {
    const source = 'https://*.vscode-cdn.net';
    const nonce = 'n0Nce+/=';
    const html = panelPageHtml({ cspSource: source, nonce, scriptUri: `${source}/dist/webview.js`,
      styleUri: `${source}/dist/webview.css`, title: 'GenLab: <run> & "x"' });
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(policy, panelContentSecurityPolicy(source, nonce));
    const directives = Object.fromEntries(policy!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives, {
      'default-src': ["'none'"],
      'script-src': [`'nonce-${nonce}'`],
      'style-src': [source, `'nonce-${nonce}'`],
      'font-src': [source],
      'img-src': [source, 'data:', 'blob:'],
    });
    // A <meta> policy covers only what follows it: it comes before every resource the page loads.
    const head = html.slice(0, html.indexOf('</head>'));
    assert.ok(head.indexOf('Content-Security-Policy') < Math.min(head.indexOf('<link'), html.indexOf('<script')));
    assert.match(html, new RegExp(`<meta property="csp-nonce" content="${escapeRegExp(nonce)}">`));
    // Every script is a file carrying the nonce: no inline code, no handlers.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)];
    assert.deepEqual(scripts.map((m) => [m[1].trim(), m[2]]), [[`nonce="${nonce}" src="${source}/dist/webview.js"`, '']]);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.match(html, /<title>GenLab: &#60;run&#62; &#38; &#34;x&#34;<\/title>/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('run panel titles', () => {
  it('restore reads the run id back from a title panelTitle made, and nothing from other titles', () => {
    assert.equal(runIdFromTitle(panelTitle('20261202-150256-quick-vae')), '20261202-150256-quick-vae');
    for (const other of ['GenLab: ', 'quick-vae', 'Sweep tiny-sweep', '']) assert.equal(runIdFromTitle(other), undefined, other);
  });
});
