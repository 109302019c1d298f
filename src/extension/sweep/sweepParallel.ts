import type { SweepFile, SweepTrialRecord } from '../../shared/protocol';
import { formatValue } from '../../shared/format';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Where a value sits on its axis, 0 (bottom) to 1 (top): numbers linear, or log when they span 20× or more; other values as categories. */
function axisScale(values: unknown[]): { at(v: unknown): number; ticks: { t: number; label: string }[]; log: boolean } {
  if (values.every((v) => typeof v === 'number')) {
    const xs = values as number[];
    const log = xs.length > 1 && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 20;
    const f = (v: number) => (log ? Math.log10(v) : v);
    const [lo, hi] = [Math.min(...xs.map(f)), Math.max(...xs.map(f))];
    const at = (v: unknown) => (hi === lo ? 0.5 : (f(v as number) - lo) / (hi - lo));
    const ends = [...new Set([Math.min(...xs), Math.max(...xs)])];
    return { at, ticks: ends.map((v) => ({ t: at(v), label: formatValue(v) })), log };
  }
  const categories = [...new Set(values.map((v) => JSON.stringify(v)))];
  const at = (v: unknown) => (categories.indexOf(JSON.stringify(v)) + 0.5) / categories.length;
  return { at, ticks: categories.map((c) => ({ t: at(JSON.parse(c)), label: c })), log: false };
}

/**
 * Parallel coordinates: one vertical axis per swept path and one for the metric, one line per finished trial
 * through its values (the best in the accent colour), so how the settings combine shows at a glance.
 */
export function parallelCoordinates(file: SweepFile): string {
  const scored = file.trials.filter((t): t is SweepTrialRecord & { value: number } => t.value !== undefined && Number.isFinite(t.value));
  if (scored.length === 0 || file.paths.length === 0) return '';
  const axes = [...file.paths.map((path) => ({ name: path, value: (t: SweepTrialRecord) => t.overrides[path] })),
    { name: file.metric, value: (t: SweepTrialRecord) => t.value }];
  const AXIS_GAP = 150, T = 28, B = 30, H = 220, L = 50;
  const W = L * 2 + AXIS_GAP * (axes.length - 1);
  const scales = axes.map((a) => axisScale(scored.map(a.value)));
  const y = (t: number) => T + (1 - t) * (H - T - B);
  const x = (i: number) => L + i * AXIS_GAP;
  const lines = [...scored].sort((a, b) => Number(file.best?.index === a.index) - Number(file.best?.index === b.index)).map((t) => {
    const points = axes.map((a, i) => `${x(i)},${y(scales[i].at(a.value(t))).toFixed(1)}`).join(' ');
    return `<polyline points="${points}" class="${file.best?.index === t.index ? 'best' : ''}"><title>trial ${t.index}: ` +
      `${escape(axes.map((a) => `${a.name} = ${JSON.stringify(a.value(t))}`).join(', '))}</title></polyline>`;
  }).join('');
  const axisMarks = axes.map((a, i) =>
    `<line x1="${x(i)}" y1="${T}" x2="${x(i)}" y2="${H - B}"/>` +
    `<text x="${x(i)}" y="${T - 12}" text-anchor="middle" class="axis-name">${escape(a.name)}${scales[i].log ? ' (log)' : ''}</text>` +
    scales[i].ticks.map((tick) => `<text x="${x(i) + 5}" y="${y(tick.t) + 4}">${escape(tick.label)}</text>`).join('')).join('');
  return `<figure class="parallel"><figcaption>Every finished trial across the swept values and ${escape(file.metric)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">${axisMarks}${lines}</svg></figure>`;
}
