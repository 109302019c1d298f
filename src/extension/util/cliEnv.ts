/**
 * The environment of a GenLab CLI child of the extension (trainer, model service): VS Code's own Node as plain Node,
 * the native backends from GenLab's install folder, and the genlab.gpu setting.
 */
export function cliChildEnv(nativeModulesDir: string, gpu: 'use' | 'avoid', extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1', GENLAB_NATIVE_MODULES: nativeModulesDir, GENLAB_GPU: gpu, ...extra };
}
