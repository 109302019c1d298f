import { relative } from 'node:path';
import { exportDraws, exportNetwork } from '../engine/export/exportRun';
import type { ExportPart } from '../engine/export/network';
import { InputError } from '../engine/train/errors';
import { EXIT } from '../shared/exitCodes';
import type { ParsedArgs } from './args';

const USAGE = 'usage: genlab export <run-dir> [--epoch E] --part decoder|generator|encoder --format onnx|tfjs --out DIR\n' +
  '       genlab export <run-dir> --draws --format csv --out DIR';

function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T {
  const value = args.values.get(name);
  if (!value || !allowed.includes(value as T)) throw new InputError(`${name} must be one of ${allowed.join(', ')}${value ? `, got "${value}"` : ''}\n${USAGE}`);
  return value as T;
}

/** `genlab export`: a run's decoder or generator as ONNX or tfjs Layers, or an MCMC run's draws as CSV. */
export async function exportCommand(args: ParsedArgs): Promise<number> {
  const runDir = args.positionals[0];
  const outDir = args.values.get('--out');
  if (!runDir || !outDir) throw new InputError(USAGE);
  const epochText = args.values.get('--epoch');
  const epoch = epochText === undefined ? undefined : Number(epochText);
  if (epoch !== undefined && (!Number.isInteger(epoch) || epoch < 1)) throw new InputError(`--epoch must be a positive integer, got "${epochText}"`);
  let files: string[];
  if (args.flags.has('--draws')) {
    oneOf(args, '--format', ['csv'] as const);
    files = [await exportDraws(runDir, outDir, epoch)];
  } else {
    const part = oneOf<ExportPart>(args, '--part', ['decoder', 'generator', 'encoder']);
    const format = oneOf(args, '--format', ['onnx', 'tfjs'] as const);
    files = await exportNetwork({ runDir, epoch, part, format, outDir });
  }
  for (const f of files) process.stdout.write(`${relative(process.cwd(), f) || f}\n`);
  return EXIT.ok;
}
