/**
 * When the extension's bundle started to run. extension.ts imports this first, so the time it reports for
 * loading includes evaluating every module it imports, not just activate() itself.
 */
export const bundleStartedAt = performance.now();
