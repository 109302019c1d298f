import { join } from 'node:path';

/**
 * The engine's config side: the validator and the model catalog (every model's zod schema). It is most of the
 * extension's code (zod alone is ~750 KB) and takes ~200 ms to load, more than the whole activation budget, so it
 * lives in its own bundle (dist/extension-engine.js, from engineModules.ts) that is read, compiled and run on
 * first use (a config opened, a template picked, a run listed), never at activation. Use it only through these
 * functions.
 */
type EngineModules = typeof import('./engineModules');

let modules: EngineModules | undefined;

function engineModules(): EngineModules {
  // A computed path, so esbuild leaves this require alone and the module stays a separate file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at activation
  return (modules ??= require(join(__dirname, 'extension-engine.js')) as EngineModules);
}

export function configLoader(): EngineModules['configLoader'] {
  return engineModules().configLoader;
}

export function modelCatalog(): EngineModules['modelCatalog'] {
  return engineModules().modelCatalog;
}
