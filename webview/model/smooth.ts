/**
 * Exponential moving average with TensorBoard's de-biasing: early values are not dragged towards
 * zero by the empty history. `weight` 0 leaves the curve as it is; 0.99 is very smooth.
 * Non-finite values pass through without touching the running average.
 */
export function smoothEma(ys: ArrayLike<number>, length: number, weight: number): Float64Array {
  const smoother = new EmaSmoother();
  return smoother.smooth(ys, length, weight, 0).slice(0, length);
}

/**
 * Keeps the smoothed copy of one growing series up to date in O(new points): live training appends
 * a few points per update to curves of up to ~100k points. Recomputes from scratch when the weight
 * changes or the series was rewritten (its `generation` changed, e.g. after a resume).
 */
export class EmaSmoother {
  private out = new Float64Array(0);
  private done = 0;
  private weight = NaN;
  private generation = NaN;
  private average = 0;
  /** weight^n after n finite values: the share of the average that is still the zero it started from. */
  private leftover = 1;

  /** Returns a buffer whose first `length` entries are the smoothed values; valid until the next call. */
  smooth(ys: ArrayLike<number>, length: number, weight: number, generation: number): Float64Array {
    if (weight !== this.weight || generation !== this.generation || length < this.done) {
      this.weight = weight;
      this.generation = generation;
      this.done = 0;
      this.average = 0;
      this.leftover = 1;
    }
    if (this.out.length < length) {
      const grown = new Float64Array(Math.max(length, this.out.length * 2, 1024));
      grown.set(this.out.subarray(0, this.done));
      this.out = grown;
    }
    for (let i = this.done; i < length; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) {
        this.out[i] = y;
        continue;
      }
      this.average = this.average * weight + (1 - weight) * y;
      this.leftover *= weight;
      this.out[i] = this.average / (1 - this.leftover);
    }
    this.done = length;
    return this.out;
  }
}
