/**
 * Coalesces redraw requests so live training redraws at most `maxPerSecond` times however fast
 * events arrive (a fast model sends hundreds of step events a second). User input asks for an
 * immediate redraw instead, so sliders stay responsive.
 */

export interface SchedulerClock {
  now(): number;
  /** Runs `fn` after `delayMs` (and, in a browser, on the next animation frame). */
  schedule(fn: () => void, delayMs: number): void;
}

export class RedrawScheduler {
  private readonly minIntervalMs: number;
  private lastDraw = -Infinity;
  private pending = false;
  private urgent = false;
  /** An update arrived that no draw has shown yet. */
  private stale = false;

  constructor(private readonly draw: () => void, maxPerSecond: number, private readonly clock: SchedulerClock) {
    this.minIntervalMs = 1000 / maxPerSecond;
  }

  /** A data update: drawn within one interval, merged with any other request made meanwhile. */
  request(): void {
    this.stale = true;
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.lastDraw + this.minIntervalMs - this.clock.now());
    this.clock.schedule(() => this.run(false), wait);
  }

  /** A user action: drawn on the next frame. */
  requestNow(): void {
    if (this.urgent) return;
    this.urgent = true;
    this.clock.schedule(() => this.run(true), 0);
  }

  private run(urgent: boolean): void {
    if (urgent) this.urgent = false;
    else this.pending = false;
    if (!urgent) {
      // An urgent draw since this was scheduled showed the update already.
      if (!this.stale) return;
      // Or it showed part of it, recently: the rest waits out the interval.
      if (this.clock.now() - this.lastDraw < this.minIntervalMs) {
        this.request();
        return;
      }
    }
    this.lastDraw = this.clock.now();
    this.stale = false;
    this.draw();
  }
}

/** setTimeout for the delay, then requestAnimationFrame so drawing lines up with the page's paint. */
export const browserClock: SchedulerClock = {
  now: () => performance.now(),
  schedule(fn, delayMs) {
    const onFrame = () => requestAnimationFrame(() => fn());
    if (delayMs <= 0) onFrame();
    else setTimeout(onFrame, delayMs);
  },
};
