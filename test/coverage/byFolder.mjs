// Prints c8's json-summary as line and branch coverage per folder (src/engine/<room>, src/cli, webview/<room>, …),
// then the total. Usage: node test/coverage/byFolder.mjs <coverage-summary.json>
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const summary = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const folders = new Map();
for (const [file, figures] of Object.entries(summary)) {
  if (file === 'total') continue;
  const parts = relative(process.cwd(), file).split(/[\\/]/);
  // src/engine/<room> and src/extension/<room> are the rooms a reader knows; elsewhere the first two levels.
  const depth = parts[0] === 'src' && (parts[1] === 'engine' || parts[1] === 'extension') ? 3 : 2;
  const folder = parts.slice(0, Math.min(depth, parts.length - 1)).join('/');
  const sum = folders.get(folder) ?? { lines: [0, 0], branches: [0, 0], files: 0 };
  sum.lines[0] += figures.lines.covered;
  sum.lines[1] += figures.lines.total;
  sum.branches[0] += figures.branches.covered;
  sum.branches[1] += figures.branches.total;
  sum.files++;
  folders.set(folder, sum);
}
const pct = ([covered, total]) => (total === 0 ? '   –  ' : `${((100 * covered) / total).toFixed(1).padStart(5)}%`);
const width = Math.max(6, ...[...folders.keys()].map((f) => f.length));
console.log(`${'folder'.padEnd(width)}  files  lines   branches`);
for (const [folder, s] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${folder.padEnd(width)}  ${String(s.files).padStart(5)}  ${pct(s.lines)}  ${pct(s.branches)}`);
}
const t = summary.total;
console.log(`${'total'.padEnd(width)}  ${String([...folders.values()].reduce((n, s) => n + s.files, 0)).padStart(5)}  ` +
  `${pct([t.lines.covered, t.lines.total])}  ${pct([t.branches.covered, t.branches.total])}`);
