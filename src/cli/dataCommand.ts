import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeFaceSet } from '../engine/data/faces';
import { InputError } from '../engine/train/errors';
import type { ParsedArgs } from './args';
import { EXIT } from '../shared/exitCodes';

const USAGE = 'usage: genlab data faces --out DIR [--n N] [--seed S]';

function integerOption(args: ParsedArgs, name: string, fallback: number, min: number): number {
  const raw = args.values.get(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) throw new InputError(`${name} must be an integer ≥ ${min} (got ${raw})`);
  return value;
}

/** `genlab data faces`: writes the built-in cartoon face set (see src/engine/data/faces.ts). */
export async function dataCommand(args: ParsedArgs): Promise<number> {
  const [what] = args.positionals;
  if (what !== 'faces') throw new InputError(USAGE);
  const out = args.values.get('--out');
  if (!out) throw new InputError(`--out is required\n${USAGE}`);
  const n = integerOption(args, '--n', 2000, 1);
  const seed = integerOption(args, '--seed', 0, 0);
  const dir = resolve(out);
  // Mixing two sets in one folder would train on both without saying so.
  if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.png'))) {
    throw new InputError(`${out} already holds PNG images: choose an empty or new folder`);
  }
  const tty = process.stdout.isTTY === true;
  let shown = 0;
  const files = await writeFaceSet({
    n, seed, outDir: dir,
    onProgress: (done, total) => {
      if (tty) {
        process.stdout.write(`\rfaces: ${done}/${total}`);
      } else if (done === total || done - shown >= 500) {
        process.stdout.write(`faces: ${done}/${total}\n`);
        shown = done;
      }
    },
  });
  if (tty) process.stdout.write('\n');
  process.stdout.write(`wrote ${files.length} faces (seed ${seed}) to ${relative(process.cwd(), dir) || '.'}\n`);
  return EXIT.ok;
}
