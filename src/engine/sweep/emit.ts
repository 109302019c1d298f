import { relative, resolve } from 'node:path';

/** What the user names about their cluster; everything else comes from the sweep. */
export interface EmitOptions {
  /** The config, the sweep folder and the working folder the jobs run in (absolute). */
  configPath: string;
  sweepDir: string;
  workDir: string;
  name: string;
  trials: number;
  parallel: number;
  overrides: string[];
  /** Shell lines run before genlab (e.g. `module load nodejs/20`, `source venv/bin/activate`). */
  setup: string[];
  /** How to start genlab on the cluster (default `genlab`). */
  genlab: string;
  /** Slurm: partition and time limit. */
  partition?: string;
  time?: string;
  /** Kubernetes: the container image, the claim holding the workspace, and where it is mounted. */
  image?: string;
  volumeClaim?: string;
  mountPath?: string;
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command one task runs: exactly one trial, by the index its engine gives it. */
function trialCommand(o: EmitOptions, at: (p: string) => string, indexVar: string): string {
  const sets = o.overrides.flatMap((s) => ['--set', quote(s)]);
  return [o.genlab, 'sweep', quote(at(o.configPath)), '--out', quote(at(o.sweepDir)), '--trial', `"$${indexVar}"`, ...sets].join(' ');
}

/** A Slurm job array: one task per trial, at most `parallel` at once, each running `genlab sweep --trial $SLURM_ARRAY_TASK_ID`. */
export function slurmScript(o: EmitOptions): string {
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=genlab-${o.name}`,
    `#SBATCH --array=0-${o.trials - 1}%${o.parallel}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${o.sweepDir}/slurm-%A_%a.out`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    '# Written by `genlab sweep --emit slurm`. Submit with sbatch; afterwards `genlab sweep` with the same',
    '# config and --out prints the ranked table (and runs any trial that did not finish).',
    'set -euo pipefail',
    `cd ${quote(o.workDir)}`,
    ...o.setup,
    `exec ${trialCommand(o, (p) => p, 'SLURM_ARRAY_TASK_ID')}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * A Kubernetes Indexed Job: `completions` = trials, `parallelism` = parallel, each pod running one trial
 * from JOB_COMPLETION_INDEX, with the workspace (config and sweep folder) on a shared volume.
 */
export function kubernetesJob(o: EmitOptions): Record<string, unknown> {
  const mount = o.mountPath ?? '/workspace';
  const inMount = (p: string) => `${mount}/${relative(o.workDir, resolve(p)).split('\\').join('/')}`;
  const script = [...o.setup, `exec ${trialCommand(o, inMount, 'JOB_COMPLETION_INDEX')}`].join('\n');
  const name = `genlab-${o.name}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 52).replace(/-+$/, '');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'genlab', 'genlab/sweep': name } },
    spec: {
      completionMode: 'Indexed',
      completions: o.trials,
      parallelism: o.parallel,
      backoffLimit: o.trials,
      template: {
        metadata: { labels: { 'genlab/sweep': name } },
        spec: {
          restartPolicy: 'Never',
          containers: [{
            name: 'genlab',
            image: o.image ?? 'node:20',
            workingDir: mount,
            command: ['/bin/sh', '-c', script],
            resources: { requests: { cpu: '1' } },
            volumeMounts: [{ name: 'workspace', mountPath: mount }],
          }],
          volumes: [{ name: 'workspace', persistentVolumeClaim: { claimName: o.volumeClaim ?? 'genlab-workspace' } }],
        },
      },
    },
  };
}
