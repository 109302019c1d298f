/**
 * The engine's config side (the validator and every model's zod schema), bundled on its own as
 * dist/extension-engine.js and loaded on first use: see engineConfig.ts.
 */
export * as configLoader from '../engine/config/load';
export * as modelCatalog from '../engine/models/definitions';
