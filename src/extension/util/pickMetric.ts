import type { MetricValues } from '../../shared/protocol';

/** The metric a list shows for a run: the model's key metric if present, else `loss`, else the first one. */
export function pickMetric(metrics: MetricValues, preferred: string | undefined): [string, number] | undefined {
  for (const name of [preferred, 'loss']) {
    if (name && metrics[name] !== undefined) return [name, metrics[name]];
  }
  const first = Object.entries(metrics)[0];
  return first ? [first[0], first[1]] : undefined;
}
