import { InputError } from '../engine/train/errors';

/** Minimal argv parsing: positionals, `--flag`, `--key value` and repeatable `--set k=v`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  sets: string[];
}

const VALUE_OPTIONS = new Set(['--out', '--resume', '--n', '--set', '--backend', '--seed', '--parallel', '--trial']);

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), values: new Map(), sets: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new InputError(`${name} needs a value`);
      if (name === '--set') parsed.sets.push(value);
      else parsed.values.set(name, value);
    } else if (arg.startsWith('--')) {
      parsed.flags.add(arg);
    } else {
      parsed.positionals.push(arg);
    }
  }
  return parsed;
}
