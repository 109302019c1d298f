import { join } from 'node:path';
import { rankTrials } from '../../engine/sweep/sweepFolder';
import type { SweepFile } from '../../shared/protocol';
import { formatValue } from '../../shared/format';
import { parallelCoordinates } from './sweepParallel';

/**
 * The sweep panel's page, drawn here from sweep.json: the ranked table, for each swept path the metric against
 * the trial's value, and parallel coordinates over them all. Its one script (by nonce) only ticks trials and asks
 * the host to compare them. Colours are the theme's own CSS variables.
 */

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const cell = (v: unknown) => (typeof v === 'number' ? `<span title="${v}">${formatValue(v)}</span>` : escape(JSON.stringify(v)));

/** The run folder's name of a trial that has one: what the page posts to compare it. */
const trialRunId = (run: string) => run.split(/[\\/]/).pop()!;

/** The trials a `{type: 'compare', runs}` message from the page names, as run panel targets; null unless it names two or more of this sweep's. */
export function trialsToCompare(dir: string, file: SweepFile | null, message: unknown): { runId: string; runDir: string }[] | null {
  const m = message as { type?: unknown; runs?: unknown } | null;
  if (!file || m?.type !== 'compare' || !Array.isArray(m.runs) || m.runs.length < 2) return null;
  const known = new Map(file.trials.flatMap((t) => (t.run ? [[trialRunId(t.run), join(dir, t.run)] as const] : [])));
  const runs: { runId: string; runDir: string }[] = [];
  for (const id of m.runs) {
    const runDir = typeof id === 'string' ? known.get(id) : undefined;
    if (!runDir) return null;
    runs.push({ runId: id as string, runDir });
  }
  return runs;
}

function table(file: SweepFile): string {
  const head = ['', '#', 'trial', 'status', ...file.paths, file.metric, 'epochs'].map((h) => `<th>${escape(h)}</th>`).join('');
  const tick = (run: string | undefined) => (run ? `<input type="checkbox" data-run="${escape(trialRunId(run))}" title="Compare this trial">` : '');
  const rows = rankTrials(file.trials, file.goal).map((t, i) => `<tr class="${file.best?.index === t.index ? 'best' : ''}">` +
    `<td>${tick(t.run)}</td><td>${t.value !== undefined ? i + 1 : '–'}</td><td>${t.index}</td><td class="status ${t.status}">${t.status}</td>` +
    file.paths.map((p) => `<td>${cell(t.overrides[p])}</td>`).join('') +
    `<td class="num">${formatValue(t.value)}</td><td>${t.epochs ?? 0}/${t.totalEpochs ?? '?'}</td></tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** One small chart: the metric (y) against a swept path's value (x); numbers on a linear or log axis, others as categories. */
function chart(file: SweepFile, path: string): string {
  const points = file.trials.filter((t) => t.value !== undefined).map((t) => ({ x: t.overrides[path], y: t.value!, t }));
  // Margins: left for the metric's labels, bottom for the value's, and an inset so no dot sits on an axis.
  const W = 280, H = 170, L = 58, B = 34, T = 14, R = 30;
  const numeric = points.every((p) => typeof p.x === 'number');
  const xs = numeric ? points.map((p) => p.x as number) : [];
  const log = numeric && xs.length > 1 && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 20;
  const categories = numeric ? [] : [...new Set(points.map((p) => JSON.stringify(p.x)))];
  const fx = (x: unknown): number => {
    if (!numeric) return L + ((categories.indexOf(JSON.stringify(x)) + 0.5) / Math.max(1, categories.length)) * (W - L - R);
    const f = (v: number) => (log ? Math.log10(v) : v);
    const [lo, hi] = [Math.min(...xs.map(f)), Math.max(...xs.map(f))];
    return L + (hi === lo ? 0.5 : (f(x as number) - lo) / (hi - lo)) * (W - L - R);
  };
  const ys = points.map((p) => p.y);
  const [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
  const fy = (y: number) => T + (yhi === ylo ? 0.5 : 1 - (y - ylo) / (yhi - ylo)) * (H - T - B);
  const dots = points.map((p) => `<circle cx="${fx(p.x).toFixed(1)}" cy="${fy(p.y).toFixed(1)}" r="4" class="${file.best?.index === p.t.index ? 'best' : ''}">` +
    `<title>trial ${p.t.index}: ${escape(String(p.x))} → ${formatValue(p.y)}</title></circle>`).join('');
  const xLabels = numeric
    ? [Math.min(...xs), Math.max(...xs)].map((x) => `<text x="${fx(x)}" y="${H - 14}" text-anchor="middle">${formatValue(x)}</text>`).join('')
    : categories.map((c) => `<text x="${fx(JSON.parse(c))}" y="${H - 14}" text-anchor="middle">${escape(c)}</text>`).join('');
  const yLabels = points.length ? [ylo, yhi].map((y) => `<text x="${L - 12}" y="${fy(y) + 4}" text-anchor="end">${formatValue(y)}</text>`).join('') : '';
  return `<figure><figcaption>${escape(file.metric)} against <code>${escape(path)}</code>${log ? ' (log scale)' : ''}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><line x1="${L - 8}" y1="${H - B + 8}" x2="${W - 4}" y2="${H - B + 8}"/>` +
    `<line x1="${L - 8}" y1="${4}" x2="${L - 8}" y2="${H - B + 8}"/>${xLabels}${yLabels}${dots}</svg></figure>`;
}

const STYLE = `body{font-family:var(--vscode-font-family);font-size:13px;color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:12px}
h1{font-size:16px;font-weight:600;margin:0 0 4px}p.meta{color:var(--vscode-descriptionForeground);margin:0 0 12px}
table{border-collapse:collapse;margin-bottom:16px}th,td{padding:3px 10px;text-align:left;border-bottom:1px solid var(--vscode-panel-border,#8884)}
th{font-weight:600}td.num{font-variant-numeric:tabular-nums}tr.best td{font-weight:600;background:var(--vscode-list-hoverBackground)}
.status.done{color:var(--vscode-testing-iconPassed,#3a3)}.status.failed,.status.killed{color:var(--vscode-testing-iconFailed,#c33)}
.status.running{color:var(--vscode-charts-blue,#36c)}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}
figcaption{margin-bottom:4px}svg line{stroke:var(--vscode-descriptionForeground);stroke-width:1}
svg text{fill:var(--vscode-descriptionForeground);font-size:10px}svg circle{fill:var(--vscode-charts-blue,#36c);opacity:.85}
svg circle.best{fill:var(--vscode-charts-orange,#d80)}
.parallel polyline{fill:none;stroke:var(--vscode-charts-blue,#36c);stroke-width:1.5;opacity:.6}
.parallel polyline.best{stroke:var(--vscode-charts-orange,#d80);stroke-width:2.5;opacity:1}svg text.axis-name{font-size:11px}
button{font:inherit;color:var(--vscode-button-foreground);background:var(--vscode-button-background);border:none;padding:4px 12px;margin-bottom:12px}
button:disabled{opacity:.5}`;

/** Ticks trials (kept across the redraws as sweep.json changes) and posts the ticked runs to compare. */
const SCRIPT = `const vscode = acquireVsCodeApi();
const boxes = [...document.querySelectorAll('input[data-run]')];
const button = document.getElementById('compare');
const ticked = new Set((vscode.getState() || {}).ticked || []);
const update = () => {
  const runs = boxes.filter((b) => b.checked).map((b) => b.dataset.run);
  button.disabled = runs.length < 2;
  vscode.setState({ ticked: runs });
  return runs;
};
for (const b of boxes) { b.checked = ticked.has(b.dataset.run); b.addEventListener('change', update); }
update();
button.addEventListener('click', () => vscode.postMessage({ type: 'compare', runs: update() }));`;

/** The whole page; its Content-Security-Policy lets in only its own style and script, by nonce. */
export function sweepPageHtml(file: SweepFile, nonce: string): string {
  const done = file.trials.filter((t) => t.status === 'done').length;
  const best = file.best ? ` · best: trial ${file.best.index}, ${escape(file.metric)} ${formatValue(file.best.value)}` : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'">
<style nonce="${nonce}">${STYLE}</style><title>Sweep ${escape(file.name)}</title></head><body>
<h1>Sweep ${escape(file.name)}</h1>
<p class="meta">${escape(file.model)} · ${file.status} · ${done}/${file.trials.length} trials done · ${escape(file.metric)}, ${file.goal === 'minimize' ? 'lower' : 'higher'} is better${best}</p>
<button id="compare" disabled title="Open the first ticked trial's panel with the others' curves over it">Compare ticked trials</button>
${table(file)}
<div class="charts">${file.paths.map((p) => chart(file, p)).join('')}</div>
${parallelCoordinates(file)}
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}
