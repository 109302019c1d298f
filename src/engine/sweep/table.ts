import type { SweepFile } from '../../shared/protocol';
import { formatValue } from '../../shared/format';
import { rankTrials } from './sweepFolder';

/** A swept value exactly as the trial set it. */
function cell(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The ranked table of a sweep as text: best trial first, unscored trials after in trial order. */
export function rankedTable(file: SweepFile): string {
  const header = ['RANK', 'TRIAL', 'STATUS', ...file.paths, `${file.metric.toUpperCase()} (${file.goal === 'minimize' ? 'lower' : 'higher'} is better)`, 'EPOCHS', 'RUN'];
  const rows = rankTrials(file.trials, file.goal).map((t, i) => [
    t.value !== undefined ? String(i + 1) : '-', String(t.index), t.status, ...file.paths.map((p) => cell(t.overrides[p])),
    formatValue(t.value), t.epochs !== undefined ? `${t.epochs}/${t.totalEpochs}` : '-', t.run ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}
