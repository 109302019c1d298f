import type * as tf from '@tensorflow/tfjs-core';
import type { MetricValues } from '../../shared/protocol';

type StepMetrics = Record<string, tf.Scalar | number>;

/**
 * Collects step metrics without waiting on the device: tensors are queued and read in one batch
 * at flush time, then added to the epoch's running sums (plain doubles, in step order, so a resumed
 * epoch sums to the same value).
 */
export class MetricAccumulator {
  private pending: StepMetrics[] = [];
  sums: Record<string, number>;
  count: number;

  constructor(sums: Record<string, number> = {}, count = 0) {
    this.sums = { ...sums };
    this.count = count;
  }

  push(metrics: StepMetrics): void {
    this.pending.push(metrics);
  }

  /** Reads the queued values; returns the latest step's values (NaN included, for the caller to check). */
  async flush(): Promise<MetricValues | null> {
    const batch = this.pending;
    this.pending = [];
    let last: MetricValues | null = null;
    for (const metrics of batch) {
      const values: MetricValues = {};
      for (const [name, v] of Object.entries(metrics)) {
        values[name] = typeof v === 'number' ? v : (await v.data())[0];
        if (typeof v !== 'number') v.dispose();
      }
      for (const [name, v] of Object.entries(values)) this.sums[name] = (this.sums[name] ?? 0) + v;
      this.count++;
      last = values;
    }
    return last;
  }

  means(): MetricValues {
    return Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / Math.max(1, this.count)]));
  }

  reset(): void {
    this.sums = {};
    this.count = 0;
  }
}
