import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArtifactRef, MetricRow, RunSummary, TrainerEvent } from '../../shared/protocol';
import type { GenlabConfig } from '../config/schema';
import { checkRunSummary } from './summary';
import { appendJsonLine, writeFileAtomic, writeJsonAtomic } from '../util/atomicFile';

/**
 * One run's folder: `config.json` (the resolved config), `summary.json`, `metrics.jsonl`,
 * `events.jsonl`, `checkpoints/` and `images/`. Every whole-file write is atomic; the .jsonl files
 * grow by whole lines.
 */
export class RunStore {
  private constructor(readonly dir: string, readonly id: string) {}

  static create(baseDir: string, config: GenlabConfig, now = new Date()): RunStore {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    mkdirSync(baseDir, { recursive: true });
    let id = `${stamp}-${config.name}`;
    // mkdir itself is the test of existence: of two trainers started in the same second, each gets its own folder.
    for (let i = 2; !makeFolder(join(baseDir, id)); i++) id = `${stamp}-${config.name}-${i}`;
    const store = new RunStore(resolve(baseDir, id), id);
    try {
      mkdirSync(join(store.dir, 'images'));
      mkdirSync(join(store.dir, 'checkpoints'));
      // A model without data has `data: null`; written as absent, so the file validates again on --resume.
      writeJsonAtomic(join(store.dir, 'config.json'), { ...config, data: config.data ?? undefined });
      writeFileSync(join(store.dir, 'metrics.jsonl'), '');
      writeFileSync(join(store.dir, 'events.jsonl'), '');
    } catch (e) {
      // A folder without its config is no run (nothing can resume it): leave none behind.
      rmSync(store.dir, { recursive: true, force: true });
      throw e;
    }
    return store;
  }

  /** Opens an existing run (for --resume and `genlab sample`). */
  static open(dir: string): RunStore {
    const abs = resolve(dir);
    if (!existsSync(join(abs, 'config.json'))) throw new Error(`${dir} is not a GenLab run folder (no config.json)`);
    return new RunStore(abs, abs.split(/[\\/]/).pop()!);
  }

  get configPath(): string {
    return join(this.dir, 'config.json');
  }

  get checkpointsDir(): string {
    return join(this.dir, 'checkpoints');
  }

  appendEvent(event: TrainerEvent): void {
    appendJsonLine(join(this.dir, 'events.jsonl'), event);
  }

  appendMetrics(row: MetricRow): void {
    appendJsonLine(join(this.dir, 'metrics.jsonl'), row);
  }

  readMetrics(): MetricRow[] {
    return readJsonLines<MetricRow>(join(this.dir, 'metrics.jsonl'));
  }

  /** On resume: forget the metrics recorded after the checkpoint, since they are about to be replayed. */
  truncateMetrics(globalStep: number): void {
    const kept = this.readMetrics().filter((r) => r.globalStep <= globalStep);
    writeFileAtomic(join(this.dir, 'metrics.jsonl'), kept.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Writes an epoch's artifact; returns its reference (path relative to the run folder). */
  writeArtifact(name: string, epoch: number, kind: ArtifactRef['kind'], content: Uint8Array | unknown): ArtifactRef {
    const path = `images/${name}-e${String(epoch).padStart(3, '0')}.${kind === 'image' ? 'png' : 'json'}`;
    if (kind === 'image') writeFileAtomic(join(this.dir, path), content as Uint8Array);
    else writeJsonAtomic(join(this.dir, path), content);
    return { name, kind, epoch, path };
  }

  writeSummary(summary: RunSummary): void {
    writeJsonAtomic(join(this.dir, 'summary.json'), summary);
  }

  /** The run's summary; null when there is none yet or it cannot be trusted (see readSummaryFile). */
  readSummary(): RunSummary | null {
    return readSummaryFile(join(this.dir, 'summary.json')).summary;
  }

  /** Artifacts on disk, by scanning images/ (names are `<view>-e<epoch>.<ext>`). */
  listArtifacts(): ArtifactRef[] {
    const dir = join(this.dir, 'images');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((file) => {
      const m = /^(.+)-e(\d+)\.(png|json)$/.exec(file);
      return m ? [{ name: m[1], epoch: Number(m[2]), kind: m[3] === 'png' ? 'image' : 'json', path: `images/${file}` } as ArtifactRef] : [];
    });
  }
}

/** Reads a JSON-lines file, skipping a torn last line a killed process may have left. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as T];
    } catch {
      return [];
    }
  });
}

/** A summary.json: its checked content, or why it cannot be used (absent: no `unreadable`, summary null). */
export function readSummaryFile(path: string): { summary: RunSummary | null; unreadable?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { summary: null } : { summary: null, unreadable: `cannot read summary.json (${code})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { summary: null, unreadable: 'summary.json is not valid JSON' };
  }
  const checked = checkRunSummary(value);
  return 'summary' in checked ? { summary: checked.summary } : { summary: null, unreadable: `summary.json: ${checked.problem}` };
}

/** Every run under a base folder, newest first; one whose summary is damaged is listed with the reason. */
export function listRuns(baseDir: string): { dir: string; id: string; summary: RunSummary | null; unreadable?: string }[] {
  if (!existsSync(baseDir)) return [];
  return readdirSync(baseDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(baseDir, e.name, 'config.json')))
    .map((e) => ({ dir: join(baseDir, e.name), id: e.name, ...readSummaryFile(join(baseDir, e.name, 'summary.json')) }))
    .sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** Makes a folder that did not exist; false when it did. */
function makeFolder(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
