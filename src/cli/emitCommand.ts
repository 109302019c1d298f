import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { kubernetesJob, slurmScript, type EmitOptions } from '../engine/sweep/emit';
import { sweepFolder } from '../engine/sweep/runSweep';
import { planSweep } from '../engine/sweep/trials';
import { InputError } from '../engine/train/errors';
import { writeFileAtomic } from '../engine/util/atomicFile';
import { EXIT } from '../shared/exitCodes';
import type { ParsedArgs } from './args';

/**
 * `genlab sweep <config> --emit slurm|kubernetes --out DIR`: validates every trial, then writes the job
 * for the cluster's own engine — each task runs one trial into the sweep folder, which must be shared.
 */
export function emitCommand(args: ParsedArgs, configPath: string, parallel: number | undefined): number {
  const engine = args.values.get('--emit');
  if (engine !== 'slurm' && engine !== 'kubernetes') throw new InputError(`--emit must be slurm or kubernetes, got "${engine}"`);
  const outDir = args.values.get('--out');
  if (!outDir) throw new InputError('--emit needs --out DIR: where the job files go');
  const plan = planSweep(configPath, args.sets, (base) => sweepFolder(base).split(/[\\/]/).pop()!);
  const sweepDir = sweepFolder(plan.base);
  const options: EmitOptions = {
    configPath: resolve(configPath), sweepDir, workDir: process.cwd(), name: plan.base.name, trials: plan.trials.length,
    parallel: Math.min(plan.trials.length, parallel ?? plan.sweep.parallel ?? availableParallelism()), overrides: args.sets,
    setup: (args.values.get('--setup') ?? '').split(/\n|;\s*/).filter((l) => l.trim() !== ''),
    genlab: args.values.get('--genlab') ?? 'genlab', partition: args.values.get('--partition'), time: args.values.get('--time'),
    image: args.values.get('--image'), volumeClaim: args.values.get('--volume-claim'), mountPath: args.values.get('--mount-path'),
  };
  // Slurm writes each task's log there before the task starts.
  mkdirSync(sweepDir, { recursive: true });
  const file = join(resolve(outDir), engine === 'slurm' ? 'sweep.sbatch' : 'sweep-job.json');
  writeFileAtomic(file, engine === 'slurm' ? slurmScript(options) : JSON.stringify(kubernetesJob(options), null, 2) + '\n');
  process.stdout.write(`${file}\n${plan.trials.length} trials into ${sweepDir}; ` +
    (engine === 'slurm' ? `submit with: sbatch ${file}\n` : `apply with: kubectl apply -f ${file}\n`));
  return EXIT.ok;
}
