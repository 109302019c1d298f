import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    assert.equal(parseWebviewMessage({ type: 'export', what: 'view-png', view: '../x', dataUrl: 'data:image/png;base64,AA' }), null);
    assert.equal(parseWebviewMessage({ type: 'export', what: 'view-png', view: 'v', dataUrl: 'javascript:alert(1)' }), null);
    for (const bad of [null, 'stop', 42, [], { type: 'eval' }]) assert.equal(parseWebviewMessage(bad), null);
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
});
