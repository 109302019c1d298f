import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** GenLab's package folder: the nearest folder above `from` whose package.json is GenLab's. */
function genlabRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'genlab') return dir;
      } catch {
        // not a readable manifest: keep looking upwards
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The node_modules folders an optional native package may come from: `$GENLAB_NATIVE_MODULES` (where the
 * extension's "Install Native Backend" puts it), GenLab's own node_modules, and the node_modules folder GenLab is
 * installed in (npm hoists its dependencies there). Never the working folder or any folder above the install: a
 * package planted in the folder where `genlab train` starts must not run.
 */
export function nativeModuleFolders(from = __dirname, env = process.env): string[] {
  const folders: string[] = [];
  const extra = env.GENLAB_NATIVE_MODULES;
  if (extra) folders.push(join(extra, 'node_modules'), extra);
  const root = genlabRoot(from);
  if (root) {
    folders.push(join(root, 'node_modules'));
    const parent = dirname(root);
    if (basename(parent) === 'node_modules') folders.push(parent);
  }
  return folders;
}

/** Loads `pkg` from the first of `folders` that holds it (exactly there: no search upwards from it). */
export function requireNative(pkg: string, folders = nativeModuleFolders()): unknown {
  const req = createRequire(__filename);
  for (const folder of folders) {
    const dir = join(folder, pkg);
    if (existsSync(join(dir, 'package.json'))) return req(req.resolve(dir));
  }
  throw new Error(`not found in ${folders.join(', ') || '(no folder)'}`);
}
