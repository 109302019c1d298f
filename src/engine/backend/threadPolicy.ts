import os from 'node:os';

/** `training.threads`: a number, or `auto` to choose from the cores that are free when the run starts. */
export type ThreadsSetting = 'auto' | number;

export interface ThreadDecision {
  threads: number;
  /** Said in the run's events and summary, e.g. "auto: 2 of 2 cores idle". */
  reason: string;
}

/** What `auto` decides from; injectable so the policy is tested without a busy machine. */
export interface CoreProbe {
  /** Cores this process may use (`os.availableParallelism()`). */
  cores: number;
  /**
   * This run's share of the cores when the extension runs several trainers at once (GENLAB_THREAD_SHARE,
   * set by its run manager); undefined from the CLI.
   */
  share?: number;
  /** Cores' worth of time spent by other processes just now (0 = idle, `cores` = all busy). */
  busyCores: () => Promise<number>;
}

/**
 * The share of a core below which a core counts as free: a pthread pool that shares a core with another
 * process waits at every barrier for a thread that is not scheduled, which made the threaded VAE 30–40% slower
 * than one thread here, so a core that is even half busy is left alone.
 */
const FREE_CORE_SLACK = 0.25;

export async function decideThreads(setting: ThreadsSetting, probe: CoreProbe = systemProbe()): Promise<ThreadDecision> {
  if (setting !== 'auto') return { threads: setting, reason: `training.threads = ${setting}` };
  const limit = Math.max(1, Math.min(probe.cores, probe.share ?? probe.cores));
  if (limit < 2) {
    const why = probe.share !== undefined && probe.share < probe.cores ? `this run's share is ${probe.share} of ${probe.cores} cores` : `${probe.cores} core`;
    return { threads: 1, reason: `auto: 1 thread (${why})` };
  }
  const busy = await probe.busyCores();
  const free = Math.floor(probe.cores - busy + FREE_CORE_SLACK);
  const threads = Math.max(1, Math.min(limit, free));
  return { threads, reason: `auto: ${threads} thread${threads > 1 ? 's' : ''} (${fmt(busy)} of ${probe.cores} cores busy, share ${limit})` };
}

function fmt(x: number): string {
  return x.toFixed(1);
}

/**
 * The cores one of `runsInFlight` trainers may take (GENLAB_THREAD_SHARE), so that runs started together from
 * the extension do not put two thread pools on one core.
 */
export function threadShare(cores: number, runsInFlight: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, runsInFlight)));
}

export function systemProbe(): CoreProbe {
  const share = Number.parseInt(process.env.GENLAB_THREAD_SHARE ?? '', 10);
  return { cores: os.availableParallelism(), share: Number.isFinite(share) && share > 0 ? share : undefined, busyCores: measureBusyCores };
}

/** Cores' worth of busy time across the machine over a short window (this process is idle while it waits). */
export async function measureBusyCores(windowMs = 300): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = cpuTimes();
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const busyShare = 1 - (after.idle - before.idle) / total;
  return Math.max(0, Math.min(os.cpus().length, busyShare * os.cpus().length));
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}
