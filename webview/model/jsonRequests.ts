import type { WebviewToHost } from '../../src/shared/protocol';

/**
 * Reads JSON artifacts through the host (`read-json` → `json`), pairing replies with requests by id
 * and caching by path: artifacts never change once written, and the epoch slider revisits them.
 */
export class JsonRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(private readonly post: (message: WebviewToHost) => void, private readonly maxCached = 32) {}

  read(path: string): Promise<unknown> {
    const cached = this.cache.get(path);
    if (cached) {
      // Re-insert to keep the map in least-recently-used order.
      this.cache.delete(path);
      this.cache.set(path, cached);
      return cached;
    }
    const requestId = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.waiting.set(requestId, { resolve, reject }));
    // A failed read is not cached: the file may appear later (the host answered before it was written).
    reply.catch(() => this.cache.delete(path));
    this.cache.set(path, reply);
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.post({ type: 'read-json', requestId, path });
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
