import type { MetricValues } from '../../shared/protocol';

/** "42s", "3m", "2h", "5d": short enough for a tree item or the status bar. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : `${formatDuration((now - time) / 1000)} ago`;
}

/** Four significant digits, without exponent noise for ordinary loss values. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** The metric a list shows for a run: the model's key metric if present, else `loss`, else the first one. */
export function pickMetric(metrics: MetricValues, preferred: string | undefined): [string, number] | undefined {
  for (const name of [preferred, 'loss']) {
    if (name && metrics[name] !== undefined) return [name, metrics[name]];
  }
  const first = Object.entries(metrics)[0];
  return first ? [first[0], first[1]] : undefined;
}
