import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOADER = 'libvulkan.so.1';

/** Where the dynamic linker would look for the Vulkan loader: its cache, then LD_LIBRARY_PATH. Injectable for tests. */
export interface LinkerView {
  cache: () => Buffer | null;
  libraryPath: string | undefined;
  exists: (path: string) => boolean;
}

const systemLinker: LinkerView = {
  cache: () => { try { return readFileSync('/etc/ld.so.cache'); } catch { return null; } },
  libraryPath: process.env.LD_LIBRARY_PATH,
  exists: existsSync,
};

/**
 * Whether Linux can load the Vulkan loader, which Dawn needs for any adapter there. Asked before Dawn starts
 * because Dawn, finding none, prints a warning with a native stack frame to stderr of every run that tries
 * the webgpu rung ("Couldn't load Vulkan … at operator() (…BackendVk.cpp)"), which reads as a crash.
 */
export function vulkanLoaderPresent(linker: LinkerView = systemLinker): boolean {
  if (linker.cache()?.includes(LOADER)) return true;
  return (linker.libraryPath ?? '').split(':').some((dir) => dir !== '' && linker.exists(join(dir, LOADER)));
}
