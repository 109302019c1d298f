import { parseArgs as parseNodeArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../engine/train/errors';
import { settingPaths } from './settingPaths';

/** A command's arguments after strict parsing: positionals, `--flag`s, `--key value`s and repeatable `--set k=v`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  sets: string[];
}

type OptionKind = 'flag' | 'value' | 'list';

/** Every option each command reads; anything else is refused rather than dropped. */
export const COMMAND_OPTIONS: Record<string, Record<string, OptionKind>> = {
  train: { set: 'list', out: 'value', json: 'flag', resume: 'value', controlled: 'flag' },
  sample: { n: 'value' },
  runs: { json: 'flag', sort: 'value' },
  validate: { set: 'list', json: 'flag' },
  sweep: { set: 'list', out: 'value', parallel: 'value', trial: 'value', emit: 'value', setup: 'value', genlab: 'value',
    partition: 'value', time: 'value', image: 'value', 'volume-claim': 'value', 'mount-path': 'value' },
  data: { out: 'value', n: 'value', seed: 'value' },
  serve: { epoch: 'value' },
  export: { epoch: 'value', part: 'value', format: 'value', out: 'value', draws: 'flag' },
};

/** Edit distance, for "did you mean" on mistyped options. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** A hint for an unknown `--name`: a close option of this command, or the config setting of that name via --set. */
function hintFor(name: string, value: string | undefined, known: string[]): string {
  const close = known.filter((k) => distance(k, name) <= 2);
  if (close.length > 0) return ` (did you mean --${close[0]}?)`;
  const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const paths = settingPaths().filter((p) => p.split('.').pop()!.toLowerCase() === key.toLowerCase());
  if (paths.length === 0 || !known.includes('set')) return '';
  return ` (settings go through --set: ${paths.map((p) => `--set ${p}=${value ?? '…'}`).join(' or ')})`;
}

/** The unknown option's own value when it was given one (`--epochs 3` or `--epochs=3`), for the hint. */
function valueAfter(argv: string[], option: string): string | undefined {
  const i = argv.findIndex((a) => a === option || a.startsWith(`${option}=`));
  if (i < 0) return undefined;
  if (argv[i].includes('=')) return argv[i].slice(argv[i].indexOf('=') + 1);
  return argv[i + 1] !== undefined && !argv[i + 1].startsWith('-') ? argv[i + 1] : undefined;
}

/** Parses a command's arguments strictly (node:util parseArgs): an unknown option or a missing value is an InputError. */
export function parseArgs(command: string, argv: string[]): ParsedArgs {
  const spec = COMMAND_OPTIONS[command] ?? {};
  const options: ParseArgsConfig['options'] = Object.fromEntries(Object.entries(spec).map(([name, kind]) =>
    [name, kind === 'flag' ? { type: 'boolean' } : { type: 'string', multiple: kind === 'list' }]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    const unknown = /Unknown option '(--?[^']+)'/.exec((e as Error).message)?.[1];
    if (unknown) {
      const name = unknown.replace(/^-+/, '');
      throw new InputError(`genlab ${command}: unknown option ${unknown}${hintFor(name, valueAfter(argv, unknown), Object.keys(spec))}`);
    }
    const missing = /Option '(?:-\w, )?(--[^ ']+)/.exec((e as Error).message)?.[1];
    throw new InputError(missing ? `${missing} needs a value` : `genlab ${command}: ${(e as Error).message}`);
  }
  const result: ParsedArgs = { positionals: parsed.positionals, flags: new Set(), values: new Map(), sets: [] };
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true) result.flags.add(`--${name}`);
    else if (Array.isArray(value)) result.sets.push(...value.map(String));
    else if (typeof value === 'string') result.values.set(`--${name}`, value);
  }
  return result;
}
