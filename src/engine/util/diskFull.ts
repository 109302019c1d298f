import { statfsSync } from 'node:fs';

/**
 * The disk (or the user's quota) ran out while writing into `folder`. What was being written is gone whole,
 * nothing half-written is left in its place; the message is one line for the CLI (exit code 1, no stack).
 */
export class DiskFullError extends Error {
  override name = 'DiskFullError';

  constructor(readonly folder: string, readonly bytesNeeded: number, hint?: string) {
    super(`no space left on the device: writing into ${folder} needs ${formatBytes(bytesNeeded)}, ` +
      `${freeSpace(folder)} free${hint ? `; ${hint}` : ''}`);
  }

  /** The same error with advice on what to do next (e.g. how to resume the run). */
  withHint(hint: string): DiskFullError {
    return new DiskFullError(this.folder, this.bytesNeeded, hint);
  }
}

/** Whether an error from the file system says the space (or quota) ran out. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** A DiskFullError for an out-of-space error from writing `bytes` into `folder`; any other error as it is. */
export function asDiskFull(e: unknown, folder: string, bytes: number): unknown {
  return isDiskFull(e) && !(e instanceof DiskFullError) ? new DiskFullError(folder, bytes) : e;
}

function freeSpace(folder: string): string {
  try {
    const s = statfsSync(folder);
    return formatBytes(s.bavail * s.bsize);
  } catch {
    return 'unknown space';
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
