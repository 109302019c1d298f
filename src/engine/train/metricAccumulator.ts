import * as tf from '@tensorflow/tfjs-core';
import type { MetricValues } from '../../shared/protocol';

type StepMetrics = Record<string, tf.Scalar | number>;

/**
 * Collects step metrics without waiting on the device: tensors are queued and read together
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
   * (what a loss curve plots: no epoch-boundary jumps, less noise than single steps); null when
   * nothing was queued. The window's tensors are stacked and read back in one transfer: one wait on
   * the device per report rather than one per value.
   */
  async flush(): Promise<MetricValues | null> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return null;
    const values = await readAll(batch);
    const windowSums: MetricValues = {};
    let next = 0;
    for (const metrics of batch) {
      for (const name of Object.keys(metrics)) {
        const value = values[next++];
        this.sums[name] = (this.sums[name] ?? 0) + value;
        windowSums[name] = (windowSums[name] ?? 0) + value;
      }
      this.count++;
    }
    return Object.fromEntries(Object.entries(windowSums).map(([k, v]) => [k, v / batch.length]));
  }

  means(): MetricValues {
    return Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / Math.max(1, this.count)]));
  }

  reset(): void {
    this.sums = {};
    this.count = 0;
  }
}

/** Every value of the queued steps, in order (steps, then each step's names), disposing the tensors. */
async function readAll(batch: StepMetrics[]): Promise<Float64Array> {
  const entries = batch.flatMap((metrics) => Object.values(metrics));
  const tensors = entries.filter((v): v is tf.Scalar => typeof v !== 'number');
  let read: ArrayLike<number> = [];
  if (tensors.length > 0) {
    const stacked = tf.stack(tensors);
    try {
      read = await stacked.data();
    } finally {
      stacked.dispose();
      tf.dispose(tensors);
    }
  }
  const values = new Float64Array(entries.length);
  let t = 0;
  entries.forEach((v, i) => { values[i] = typeof v === 'number' ? v : read[t++]; });
  return values;
}
