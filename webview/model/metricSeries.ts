/**
 * One metric over training steps, stored column-wise in growable typed arrays: a long run has
 * ~100k points per metric, and charts read them without copying.
 */
export class MetricSeries {
  xs: Float64Array<ArrayBuffer> = new Float64Array(256);
  ys: Float64Array<ArrayBuffer> = new Float64Array(256);
  length = 0;
  /** Bumped whenever points are removed, so caches built on the old points know to start over. */
  generation = 0;

  /**
   * Appends a point. A step at or before the last one means the run was resumed from an earlier
   * checkpoint and is writing that stretch again: the old tail is dropped first.
   */
  append(x: number, y: number): void {
    if (this.length > 0 && x <= this.xs[this.length - 1]) {
      this.length = this.indexAtOrAfter(x);
      this.generation++;
    }
    if (this.length === this.xs.length) {
      this.xs = grow(this.xs);
      this.ys = grow(this.ys);
    }
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.length++;
  }

  lastY(): number | undefined {
    return this.length > 0 ? this.ys[this.length - 1] : undefined;
  }

  private indexAtOrAfter(x: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.xs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
