/** Backend names, kept apart from the loader so config code (used in the extension host) never loads tfjs. */
export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendRequest = (typeof BACKEND_NAMES)[number];
export type ConcreteBackend = Exclude<BackendRequest, 'auto'>;
