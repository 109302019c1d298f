import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeModuleFolders } from '../../src/engine/backend/nativeModules';
import { runCli, ROOT } from './helpers/cli';
import { useTempDir } from './helpers/tmp';

/** Plants a fake `@tensorflow/tfjs-node` under `folder/node_modules` that leaves `marker` behind when it runs. */
function plantTfjsNode(folder: string, marker: string): void {
  const pkg = join(folder, 'node_modules', '@tensorflow', 'tfjs-node');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(pkg, 'index.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'loaded');\n`);
}

function writeConfig(folder: string): string {
  const file = join(folder, 'tiny.genlab.json');
  writeFileSync(file, JSON.stringify({
    name: 'tiny', model: { type: 'gan-1d', generatorHidden: [4], discriminatorHidden: [4] },
    training: { epochs: 1, stepsPerEpoch: 1, batchSize: 8 }, backend: 'tensorflow',
  }));
  return file;
}

describe('native backends load only from GenLab\'s install and $GENLAB_NATIVE_MODULES', function () {
  this.timeout(60000);
  const tmp = useTempDir();

  it('the folders searched are GENLAB_NATIVE_MODULES and GenLab\'s own install, never the working folder', () => {
    const folders = nativeModuleFolders(join(ROOT, 'src', 'engine', 'backend'), { GENLAB_NATIVE_MODULES: '/opt/native' });
    assert.deepEqual(folders, ['/opt/native/node_modules', '/opt/native', join(ROOT, 'node_modules')]);
    assert.ok(!folders.includes(join(process.cwd(), 'node_modules')) || process.cwd() === ROOT);
  });

  it('a hoisted install also searches the node_modules folder GenLab sits in', () => {
    const install = join(tmp.path, 'project', 'node_modules', 'genlab');
    mkdirSync(join(install, 'dist'), { recursive: true });
    writeFileSync(join(install, 'package.json'), JSON.stringify({ name: 'genlab' }));
    assert.deepEqual(nativeModuleFolders(join(install, 'dist'), {}),
      [join(install, 'node_modules'), join(tmp.path, 'project', 'node_modules')]);
  });

  it('a ./node_modules/@tensorflow/tfjs-node planted in the working folder is not run by `genlab train`', async () => {
    const marker = join(tmp.path, 'planted-code-ran');
    plantTfjsNode(tmp.path, marker);
    const r = await runCli(['train', writeConfig(tmp.path), '--out', join(tmp.path, 'runs')], undefined, tmp.path);
    assert.equal(existsSync(marker), false, 'the planted package ran');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr + r.stdout, /@tensorflow\/tfjs-node is not installed/);
  });

  it('the same package under $GENLAB_NATIVE_MODULES is loaded (so the test above can fail)', async () => {
    const marker = join(tmp.path, 'native-code-ran');
    const nativeDir = join(tmp.path, 'native');
    plantTfjsNode(nativeDir, marker);
    process.env.GENLAB_NATIVE_MODULES = nativeDir;
    try {
      await runCli(['train', writeConfig(tmp.path), '--out', join(tmp.path, 'runs')], undefined, tmp.path);
    } finally {
      delete process.env.GENLAB_NATIVE_MODULES;
    }
    assert.equal(existsSync(marker), true, 'the package in GENLAB_NATIVE_MODULES was not loaded');
  });
});
