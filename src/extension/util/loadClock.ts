/**
 * When the extension's bundle started to run. extension.ts imports this first, so the time it reports for
 * loading includes evaluating every module it imports, not just activate() itself.
 */
export const bundleStartedAt = performance.now();
/** The extension host's CPU time at that moment: what loading costs, apart from waiting for a core. */
export const bundleStartedCpu = process.cpuUsage();
