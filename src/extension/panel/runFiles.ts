import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Resolves a path the webview asked for, relative to a run folder, and refuses anything that leaves it
 * (`..`, absolute paths, symlinks pointing out). The webview is untrusted input.
 */
export async function resolveInsideRunDir(runDir: string, requested: string): Promise<string> {
  if (isAbsolute(requested)) throw new Error('absolute paths are not allowed');
  const root = await realpath(runDir);
  const target = await realpath(resolve(root, requested));
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error('path is outside the run folder');
  return target;
}

/** Largest JSON artifact a panel may read (a latent scatter of 10k points is ~1 MB). */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

export async function readRunJson(runDir: string, requested: string): Promise<unknown> {
  if (!requested.endsWith('.json')) throw new Error('only .json files can be read');
  const file = await resolveInsideRunDir(runDir, requested);
  const text = await readFile(file, 'utf8');
  if (text.length > MAX_JSON_BYTES) throw new Error('file too large');
  return JSON.parse(text) as unknown;
}
