import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../engine/config/load';
import { selectBackend } from '../engine/backend/select';
import { loadData } from '../engine/data/load';
import { encodePng } from '../engine/images/picture';
import { modelDefinition } from '../engine/models/definitions';
import { modelFactory } from '../engine/models/factories';
import { chooseCheckpoint, restoreCheckpoint } from '../engine/runs/checkpoint';
import { liveTrainerOf } from '../engine/runs/runLock';
import { listRuns, RunStore } from '../engine/runs/store';
import { InputError } from '../engine/train/errors';
import { train } from '../engine/train/trainer';
import { writeFileAtomic } from '../engine/util/atomicFile';
import type { ParsedArgs } from './args';
import { humanReporter } from './progress';
import { StopRequests } from './stopRequests';
import { EXIT } from '../shared/exitCodes';
import { formatAge, formatValue } from '../shared/format';
import type { TrainerEvent } from '../shared/protocol';
import { CONTROLLED_FLAG } from '../shared/trainerControl';

export async function trainCommand(args: ParsedArgs): Promise<number> {
  const resumeDir = args.values.get('--resume');
  const configPath = args.positionals[0];
  if (!configPath && !resumeDir) throw new InputError('usage: genlab train <config> [--set path=value ...] [--out DIR] [--json] [--resume RUN_DIR]');
  const json = args.flags.has('--json');
  const controlled = args.flags.has(CONTROLLED_FLAG);
  const stops = new StopRequests({ stopLines: json || controlled, stopOnStdinEnd: controlled }, (reason) => {
    if (!json && !stops.outputGone) process.stdout.write(`\nstopping (${reason}): saving a checkpoint…\n`);
  });
  const human = humanReporter(process.stdout);
  const emit = (e: TrainerEvent) => {
    if (stops.outputGone) return;
    if (json) process.stdout.write(JSON.stringify(e) + '\n');
    else human(e);
  };
  const summary = await train({
    configPath, resumeDir, overrides: args.sets, outDir: args.values.get('--out'), emit, signal: stops.signal,
  });
  return summary.status === 'done' ? EXIT.ok : summary.status === 'stopped' ? EXIT.stopped : EXIT.failed;
}

export async function sampleCommand(args: ParsedArgs): Promise<number> {
  const runDir = args.positionals[0];
  if (!runDir) throw new InputError('usage: genlab sample <run-dir> [--n N]');
  const n = Number(args.values.get('--n') ?? 64);
  if (!Number.isInteger(n) || n <= 0) throw new InputError('--n must be a positive integer');
  let store: RunStore;
  try {
    store = RunStore.open(runDir);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const { dir: checkpoint, damaged } = chooseCheckpoint(store.checkpointsDir);
  if (!checkpoint) throw new InputError(damaged.length ? `${runDir} has no intact checkpoint (${damaged.join('; ')})` : `${runDir} has no checkpoint yet`);
  if (damaged.length) process.stderr.write(`genlab: warning: passed over damaged checkpoint data (${damaged.join('; ')}); sampling from ${checkpoint}\n`);
  const config = loadConfig(store.configPath);
  await selectBackend(config.backend);
  const data = config.data ? await loadData(config.data) : null;
  const model = await modelFactory(config.model.type).create({ model: config.model, config, data });
  try {
    await restoreCheckpoint(checkpoint, model.state());
    const seed = Date.now() >>> 0;
    for (const artifact of await model.sample(n, seed)) {
      const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15);
      const file = join(store.dir, 'images', `${artifact.name}-sample-${stamp}.${artifact.kind === 'image' ? 'png' : 'json'}`);
      writeFileAtomic(file, artifact.kind === 'image' ? await encodePng(artifact.picture) : JSON.stringify(artifact.data));
      process.stdout.write(`${relative(process.cwd(), file)}\n`);
    }
  } finally {
    model.dispose();
  }
  return EXIT.ok;
}

/** The quality number a run's table row shows: FID where the classifier judged it, else the diversity against real images. */
function qualityCell(metrics: Record<string, number> | undefined): string {
  if (metrics?.fid !== undefined) return `fid ${formatValue(metrics.fid)}`;
  if (metrics?.diversityRatio !== undefined) return `diversity ×${formatValue(metrics.diversityRatio)}`;
  return '';
}

type ListedRun = ReturnType<typeof listRuns>[number];

/**
 * The runs ordered by `--sort METRIC` (a final epoch metric): lowest first, or highest first for `-METRIC`;
 * runs without it come last, newest first as listed.
 */
function sortedRuns(runs: ListedRun[], sort: string | undefined): ListedRun[] {
  if (!sort) return runs;
  const descending = sort.startsWith('-');
  const name = descending ? sort.slice(1) : sort;
  if (!runs.some((r) => r.summary?.metrics[name] !== undefined)) {
    throw new InputError(`--sort ${sort}: no run has a metric "${name}"`);
  }
  const value = (r: ListedRun) => r.summary?.metrics[name];
  return [...runs].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
    return descending ? y - x : x - y;
  });
}

export function runsCommand(args: ParsedArgs): number {
  const base = resolve(args.positionals[0] ?? '.genlab/runs');
  const listed = listRuns(base);
  if (listed.length === 0) {
    process.stdout.write(args.flags.has('--json') ? '[]\n' : `no runs in ${base}\n`);
    return EXIT.ok;
  }
  const runs = sortedRuns(listed, args.values.get('--sort'));
  if (args.flags.has('--json')) {
    process.stdout.write(JSON.stringify(runs.map((r) => ({ dir: r.dir, ...r.summary, unreadable: r.unreadable }))) + '\n');
    return EXIT.ok;
  }
  const rows = runs.map(({ id, dir, summary: s, unreadable }) => {
    // A run whose trainer died without saying so still reads `running`: only its lock proves a live trainer.
    const status = unreadable ? 'unreadable' : s?.status === 'running' && !liveTrainerOf(dir, s.runId) ? 'killed' : s?.status ?? 'unknown';
    const key = s ? modelDefinition(s.model)?.keyMetric : undefined;
    const metric = key && s?.metrics[key] !== undefined ? `${key} ${formatValue(s.metrics[key])}` : '';
    return [id, status, s?.model ?? '?', s ? `${s.epochs}/${s.totalEpochs}` : '?', s?.backend ?? '', metric, qualityCell(s?.metrics),
      formatAge(s?.updatedAt) || '?'];
  });
  const header = ['RUN', 'STATUS', 'MODEL', 'EPOCHS', 'BACKEND', 'KEY METRIC', 'QUALITY', 'UPDATED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) process.stdout.write(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd() + '\n');
  for (const r of runs) if (r.unreadable) process.stderr.write(`genlab: ${r.id}: ${r.unreadable}\n`);
  return EXIT.ok;
}

export function validateCommand(args: ParsedArgs): number {
  const file = args.positionals[0];
  if (!file) throw new InputError('usage: genlab validate <config> [--set path=value ...]');
  const config = loadConfig(file, args.sets);
  if (args.flags.has('--json')) process.stdout.write(JSON.stringify({ valid: true, config }) + '\n');
  else process.stdout.write(`${file}: valid ${config.model.type} config "${config.name}"\n`);
  return EXIT.ok;
}
