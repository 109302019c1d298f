/**
 * When the extension's bundle started to run. extension.ts imports this first, so the activation time it
 * reports includes evaluating every module (the config schema above all), not just activate() itself.
 */
export const bundleStartedAt = performance.now();
