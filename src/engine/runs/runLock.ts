import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../train/errors';
import { processStartTime, sameProcessAlive } from './processIdentity';

/** The lock file in a run folder while a trainer writes to it. */
export const LOCK_FILE = 'trainer.lock';

/** Who holds a run folder: written into the lock file by the trainer that created it. */
export interface RunLockOwner {
  pid: number;
  host: string;
  /** When it took the lock (ISO time). */
  since: string;
  runId: string;
  /** The process's start time where the OS tells it (see processStartTime): tells a reused pid apart. */
  processStart?: string;
}

/** A second trainer on a run folder (exit code 2, like any input the user can fix). */
export class RunLockedError extends InputError {
  override name = 'RunLockedError';
}

type LockFileState = { owner: RunLockOwner } | { absent: true } | { unreadable: string };

function readLockFile(path: string): LockFileState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { absent: true } : { unreadable: `cannot read it (${code})` };
  }
  try {
    const v = JSON.parse(text) as Partial<RunLockOwner>;
    if (Number.isInteger(v.pid) && typeof v.host === 'string' && typeof v.since === 'string' && typeof v.runId === 'string'
      && (v.processStart === undefined || typeof v.processStart === 'string')) return { owner: v as RunLockOwner };
    return { unreadable: 'it is not a GenLab lock' };
  } catch {
    // Also what a reader sees in the instant between another trainer's create and its write.
    return { unreadable: 'it is not a GenLab lock (or is being written)' };
  }
}

/** Creates the file only if it does not exist (O_EXCL): of two processes, exactly one succeeds. */
function createExclusive(path: string, owner: RunLockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
  } catch (e) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw e;
  }
  closeSync(fd);
  return true;
}

const sameOwner = (a: RunLockOwner, b: RunLockOwner) => a.pid === b.pid && a.host === b.host && a.since === b.since;

/** Lock files this process holds: its own pid in a lock it does not hold is a dead predecessor's. */
const heldHere = new Set<string>();

/** A lock left by a trainer that is gone: on this machine, and its process no longer runs. */
function isStale(owner: RunLockOwner, path: string): boolean {
  if (owner.host !== hostname()) return false; // another machine's processes cannot be checked from here
  if (owner.pid === process.pid) return !heldHere.has(path);
  return !sameProcessAlive(owner.pid, owner.processStart);
}

/**
 * Replaces a stale lock. Two processes may find the same stale lock: the takeover file (also O_EXCL) lets one
 * of them replace it, so the other cannot delete the fresh lock the first just made.
 */
function takeOver(path: string, stale: RunLockOwner, owner: RunLockOwner): boolean {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, owner)) return false;
  try {
    const now = readLockFile(path);
    if ('owner' in now && !sameOwner(now.owner, stale)) return false;
    if ('unreadable' in now) return false;
    rmSync(path, { force: true });
    return createExclusive(path, owner);
  } finally {
    rmSync(guard, { force: true });
  }
}

const describe = (o: RunLockOwner) => `pid ${o.pid} on ${o.host} since ${o.since}`;

/** The exclusive right to write one run folder, until released. */
export class RunLock {
  private released = false;

  constructor(readonly path: string, readonly owner: RunLockOwner) {
    heldHere.add(path);
  }

  /** Removes the lock file, unless it is no longer this process's (never someone else's). */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.path);
    const now = readLockFile(this.path);
    if ('owner' in now && sameOwner(now.owner, this.owner)) rmSync(this.path, { force: true });
  }
}

/**
 * Takes a run folder's lock for this process, or throws RunLockedError naming who holds it. A lock whose
 * trainer is gone (same machine, process not running) is taken over.
 */
export function acquireRunLock(runDir: string, runId: string): RunLock {
  const path = join(runDir, LOCK_FILE);
  const start = processStartTime(process.pid);
  const owner: RunLockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), runId,
    ...(start !== undefined ? { processStart: start } : {}) };
  if (createExclusive(path, owner)) return new RunLock(path, owner);
  const held = readLockFile(path);
  if ('absent' in held && createExclusive(path, owner)) return new RunLock(path, owner); // released meanwhile
  if ('owner' in held && isStale(held.owner, path)) {
    if (takeOver(path, held.owner, owner)) return new RunLock(path, owner);
    throw new RunLockedError(`${runDir}: another process is taking over the stale lock of ${describe(held.owner)}; ` +
      `try again (if none is, delete ${path}.takeover)`);
  }
  if ('owner' in held) {
    throw new RunLockedError(`${runDir} is in use by another trainer: ${describe(held.owner)} ` +
      `(lock file ${path}; delete it only if that process is not a GenLab trainer)`);
  }
  const why = 'unreadable' in held ? held.unreadable : 'it came and went';
  throw new RunLockedError(`${runDir} is locked: ${path} exists but ${why}; delete it if no trainer is running on this run`);
}

/**
 * The lock's owner when the lock proves a GenLab trainer of this run is alive on this machine: the lock file is
 * there and readable, names this run, this host and a process that still runs. Null otherwise: a summary.json
 * that says `running` proves nothing by itself (a killed trainer leaves one; anyone can write one).
 */
export function liveTrainerOf(runDir: string, runId: string): RunLockOwner | null {
  const held = readLockFile(join(runDir, LOCK_FILE));
  if (!('owner' in held)) return null;
  const { owner } = held;
  if (owner.runId !== runId || owner.host !== hostname()) return null;
  return sameProcessAlive(owner.pid, owner.processStart) ? owner : null;
}
