import { ConfigError, formatIssue } from '../engine/config/load';
import { InputError } from '../engine/train/errors';
import { DiskFullError, isDiskFull } from '../engine/util/diskFull';
import { COMMAND_OPTIONS, parseArgs } from './args';
import { EXIT } from '../shared/exitCodes';
import { runsCommand, sampleCommand, trainCommand, validateCommand } from './commands';
import { dataCommand } from './dataCommand';
import { sweepCommand } from './sweepCommand';
import { exportCommand } from './exportCommand';
import { serveCommand } from './serveCommand';

const HELP = `genlab — train generative models from *.genlab.json configs

  genlab train <config> [--set path=value ...] [--out DIR] [--json] [--resume RUN_DIR] [--controlled]
        stop with SIGINT/SIGTERM or, with --json, a {"type":"stop"} line on stdin (a pipe); --controlled: stdin is
        the controlling program's pipe, and its closing stops the run too. A run folder takes one trainer at a time.
  genlab sample <run-dir> [--n N]
  genlab serve <run-dir> [--epoch N]                   (JSON-line requests on stdin: decode, encode, …)
  genlab runs [DIR] [--json] [--sort METRIC]      (--sort fid: lowest first; --sort=-classCoverage: highest first)
  genlab validate <config> [--set path=value ...] [--json]
  genlab sweep <config> [--parallel K] [--out DIR] [--trial N]   (the config's sweep section; rerun to resume)
  genlab sweep <config> --emit slurm|kubernetes --out DIR [--parallel K] [--setup CMDS] [--genlab CMD]
        [--partition P] [--time T] [--image IMAGE] [--volume-claim PVC] [--mount-path /workspace]
  genlab export <run-dir> [--epoch E] --part decoder|generator|encoder --format onnx|tfjs --out DIR
  genlab export <run-dir> --draws --format csv --out DIR   (an MCMC run's draws)
  genlab data faces --out DIR [--n 2000] [--seed 0]   (the built-in cartoon face set)

Exit codes: 0 done, 1 training failed (or the disk is full), 2 invalid config or input, 130 stopped (checkpoint saved).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args = command !== undefined && Object.hasOwn(COMMAND_OPTIONS, command) ? parseArgs(command, rest) : parseArgs('', []);
  switch (command) {
    case 'train':
      return trainCommand(args);
    case 'sample':
      return sampleCommand(args);
    case 'serve':
      return serveCommand(args);
    case 'runs':
      return runsCommand(args);
    case 'validate':
      return validateCommand(args);
    case 'data':
      return dataCommand(args);
    case 'sweep':
      return sweepCommand(args);
    case 'export':
      return exportCommand(args);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? EXIT.invalid : EXIT.ok;
    default:
      process.stderr.write(`genlab: unknown command "${command}"\n\n${HELP}`);
      return EXIT.invalid;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const json = process.argv.includes('--json');
    if (e instanceof ConfigError) {
      if (json) process.stdout.write(JSON.stringify({ type: 'invalid-config', issues: e.issues }) + '\n');
      process.stderr.write(`invalid config:\n${e.issues.map(formatIssue).join('\n')}\n`);
      process.exit(EXIT.invalid);
    }
    if (e instanceof InputError) {
      process.stderr.write(`genlab: ${e.message}\n`);
      process.exit(EXIT.invalid);
    }
    // The command failed, but not for a bug a stack trace would help with: say where space ran out.
    if (e instanceof DiskFullError || isDiskFull(e)) {
      process.stderr.write(`genlab: ${(e as Error).message}\n`);
      process.exit(EXIT.failed);
    }
    process.stderr.write(`genlab: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(EXIT.failed);
  },
);
