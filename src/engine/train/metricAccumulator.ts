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

  /**
   * Reads the queued values into the epoch's sums. Returns their mean over this window of steps
   * (what a loss curve plots: no epoch-boundary jumps, less noise than single steps), and whether
   * any value was NaN or infinite; null when nothing was queued.
   */
  async flush(): Promise<{ window: MetricValues; finite: boolean } | null> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return null;
    const windowSums: MetricValues = {};
    let finite = true;
    for (const metrics of batch) {
      for (const [name, v] of Object.entries(metrics)) {
        const value = typeof v === 'number' ? v : (await v.data())[0];
        if (typeof v !== 'number') v.dispose();
        if (!Number.isFinite(value)) finite = false;
        this.sums[name] = (this.sums[name] ?? 0) + value;
        windowSums[name] = (windowSums[name] ?? 0) + value;
      }
      this.count++;
    }
    const window = Object.fromEntries(Object.entries(windowSums).map(([k, v]) => [k, v / batch.length]));
    return { window, finite };
  }

  means(): MetricValues {
    return Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / Math.max(1, this.count)]));
  }

  reset(): void {
    this.sums = {};
    this.count = 0;
  }
}
