import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { asDiskFull } from './diskFull';

/** The temporary file writeFileAtomic writes beside `name`: `.<name>.<pid>.<ms>.tmp`. */
const tempName = (name: string) => `.${name}.${process.pid}.${Date.now()}.tmp`;
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** The pid of the process that wrote a writeFileAtomic temporary file, or null when `name` is not one. */
export function atomicTempWriter(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Writes a file so that readers see either the old content or the new, never a torn one:
 * write a temporary file beside it, flush it to disk, then rename over the target. On any error the
 * temporary file is removed and the target is left as it was; a full disk throws DiskFullError.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const tmp = join(dirname(path), tempName(basename(path)));
  try {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileDurable(tmp, bytes);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } catch (e) {
    throw asDiskFull(e, dirname(path), bytes.byteLength);
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/** Writes all of `bytes` to a new file and flushes it to disk; the caller renames it into place. */
export function writeFileDurable(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Appends one JSON line whole or not at all: a killed process leaves at most a missing line, and a full
 * disk (a short write, then ENOSPC) has the part that did get written cut off again.
 */
export function appendJsonLine(path: string, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value) + '\n');
  const fd = openSync(path, 'a');
  try {
    const size = fstatSync(fd).size;
    try {
      writeAll(fd, bytes);
    } catch (e) {
      ftruncateSync(fd, size);
      throw e;
    }
  } catch (e) {
    throw asDiskFull(e, dirname(path), bytes.byteLength);
  } finally {
    closeSync(fd);
  }
}

/** write(2) may write fewer bytes than asked (an almost full disk writes what fits and says how much): go on until all are written. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.byteLength;) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
}
