import type { WebviewToHost } from '../../src/shared/protocol';

/**
 * Reads JSON artifacts through the host (`read-json` → `json`), pairing replies with requests by id
 * and caching by run and path: artifacts never change once written, and the epoch slider revisits them.
 */
export class JsonRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly post: (message: WebviewToHost) => void, private readonly maxCached = 32) {}

  /** `path` in the panel's own run folder, or in that of the compare run `runId`. */
  read(path: string, runId?: string): Promise<unknown> {
    const key = runId === undefined ? path : `${runId}/${path}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const requestId = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.waiting.set(requestId, { resolve, reject }));
    // A failed read is not cached: the file may appear later (the host answered before it was written).
    reply.catch(() => this.cache.delete(key));
    this.cache.set(key, reply);
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.post({ type: 'read-json', requestId, path, ...(runId !== undefined ? { runId } : {}) });
    return reply;
  }

  /** Settles the request a `json` reply answers; replies to unknown ids are ignored. */
  settle(requestId: number, data: unknown, error: string | undefined): void {
    const entry = this.waiting.get(requestId);
    if (!entry) return;
    this.waiting.delete(requestId);
    if (error !== undefined) entry.reject(new Error(error));
    else entry.resolve(data);
  }
}
