import { readFileSync } from 'node:fs';

/** Whether a process id is in use on this machine (EPERM: it is, by another user). */
export function processAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as the kernel counts it (Linux: field 22 of /proc/<pid>/stat, clock ticks since boot);
 * undefined where there is no /proc. A pid recorded with its start time names one process, not whichever
 * process got that number after it ended (in a restarted container the new trainer often has the old one's pid).
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Whether the process recorded as `pid` (with its start time, when known) is still the one running. */
export function sameProcessAlive(pid: number, startTime: string | undefined): boolean {
  if (!processAlive(pid)) return false;
  const now = processStartTime(pid);
  return startTime === undefined || now === undefined || now === startTime;
}
