/**
 * User-timing entries for the panel's redraws (`genlab:redraw` marks, `genlab:curves` measures), so
 * the screenshot test and DevTools can see how often and how long the panel draws. A panel may stay
 * open for days: entries are dropped every thousand so the timeline does not grow without end.
 */
const counts = new Map<string, number>();
const KEEP = 1000;

export function mark(name: string): void {
  if (tick(name)) performance.clearMarks(name);
  performance.mark(name);
}

export function measure<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    if (tick(name)) performance.clearMeasures(name);
    performance.measure(name, { start });
  }
}

function tick(name: string): boolean {
  const n = (counts.get(name) ?? 0) + 1;
  counts.set(name, n);
  return n % KEEP === 0;
}
