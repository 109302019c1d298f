import { InputError } from '../engine/train/errors';
import { runSweep } from '../engine/sweep/runSweep';
import { rankedTable } from '../engine/sweep/table';
import type { ParsedArgs } from './args';
import { EXIT } from '../shared/exitCodes';
import { emitCommand } from './emitCommand';

const USAGE = 'usage: genlab sweep <config> [--parallel K] [--out DIR] [--trial N] [--set path=value ...]\n' +
  '       genlab sweep <config> --emit slurm|kubernetes --out DIR [--parallel K] [--setup CMDS] [--genlab CMD] [--image IMAGE] ...';

function positiveInteger(args: ParsedArgs, name: string, min: number): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

/** `genlab sweep`: runs a config's sweep (or one trial of it) and prints the ranked table. */
export async function sweepCommand(args: ParsedArgs): Promise<number> {
  const configPath = args.positionals[0];
  if (!configPath) throw new InputError(USAGE);
  const parallel = positiveInteger(args, '--parallel', 1);
  if (args.values.has('--emit')) return emitCommand(args, configPath, parallel);
  const controller = new AbortController();
  const stop = () => {
    process.stdout.write('stopping: the running trials save a checkpoint…\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const outcome = await runSweep({
    configPath, overrides: args.sets, outDir: args.values.get('--out'), parallel,
    trial: positiveInteger(args, '--trial', 0), signal: controller.signal, log: (line) => process.stdout.write(line + '\n'),
  });
  process.stdout.write(`\nsweep ${outcome.file.name}: ${outcome.file.status}\n${rankedTable(outcome.file)}`);
  return outcome.stopped ? EXIT.stopped : outcome.allDone ? EXIT.ok : EXIT.failed;
}
