import type { WebviewToHost } from '../src/shared/protocol';

/** The API VS Code injects into a webview (callable once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The panel's line to the extension host: typed messages out, and the state VS Code keeps for it. */
export interface HostChannel {
  post(message: WebviewToHost): void;
  savedState(): unknown;
  saveState(state: object): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}
