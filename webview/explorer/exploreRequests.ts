import type { ExploreReply, FramesFormat, ServeImage, ServeRequestBody, ServeResult, WebviewToHost } from '../../src/shared/protocol';

/**
 * The explorer's questions to the run's model (`explore` → `explore-reply`), paired with their
 * replies by id. Nothing is cached: a decode depends on where the pointer is now.
 */
export class ExploreRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: ExploreReply) => void>();

  constructor(private readonly post: (message: WebviewToHost) => void) {}

  ask(request: ServeRequestBody): Promise<ExploreReply> {
    const id = this.nextId++;
    const reply = new Promise<ExploreReply>((resolve) => this.waiting.set(id, resolve));
    this.post({ type: 'explore', id, request });
    return reply;
  }

  /** Asks the host to save `frames` as one file (the model service makes it; the host asks where to save). */
  saveFrames(view: string, format: FramesFormat, frames: ServeImage[], across?: number): void {
    this.post({ type: 'export', what: 'frames', view, format, frames: frames.map((f) => f.png), ...(across ? { across } : {}) });
  }

  /** Asks the host to save a drawn chart (a PNG data URL) of an explorer. */
  savePng(view: string, dataUrl: string): void {
    this.post({ type: 'export', what: 'view-png', view, dataUrl });
  }

  /** Settles the request an `explore-reply` answers; true when the message was one. */
  receive(message: unknown): boolean {
    if (typeof message !== 'object' || message === null) return false;
    const m = message as { type?: unknown; id?: unknown; reply?: unknown };
    if (m.type !== 'explore-reply') return false;
    const resolve = typeof m.id === 'number' ? this.waiting.get(m.id) : undefined;
    if (resolve && typeof m.reply === 'object' && m.reply !== null) {
      this.waiting.delete(m.id as number);
      resolve(m.reply as ExploreReply);
    }
    return true;
  }
}

/** The result of an `op` request, or the service's error (or an unexpected answer) thrown with its words. */
export function resultOf<Op extends ServeResult['op']>(reply: ExploreReply, op: Op): Extract<ServeResult, { op: Op }> {
  if ('error' in reply) throw new Error(reply.error);
  if ('superseded' in reply || reply.op !== op) throw new Error(`the model service answered ${JSON.stringify(reply).slice(0, 60)}`);
  return reply as Extract<ServeResult, { op: Op }>;
}

/**
 * One question at a time; while one is out, only the newest waiting one is kept. A slider dragged faster than the
 * model answers then shows where it is now, never a backlog (the service coalesces only decodes).
 */
export class LatestOnly {
  private busy = false;
  private next: (() => Promise<void>) | null = null;

  run(task: () => Promise<void>): void {
    if (this.busy) {
      this.next = task;
      return;
    }
    this.busy = true;
    void task().finally(() => {
      this.busy = false;
      const next = this.next;
      this.next = null;
      if (next) this.run(next);
    });
  }
}
