import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

/** The user that file modes apply to: root reads a chmod 000 file, so as root a child runs as `nobody`. */
const NOBODY = 65534;

/**
 * Runs a TypeScript script in a child node under a user that file permissions bind: as `nobody` (via setpriv)
 * when the tests run as root, as the same user otherwise. Returns the JSON line it prints.
 * `readable` folders (e.g. the test's temp folder, made 0700) are opened to others first.
 */
export function runUnprivileged(script: string, args: string[], readable: string[]): unknown {
  for (const dir of readable) chmodSync(dir, 0o755);
  const node = [process.execPath, '--require', require.resolve('tsx/cjs'), script, ...args];
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node] : node;
  const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', timeout: 60000, env: { ...process.env, HOME: '/tmp' } });
  if (r.status !== 0) throw new Error(`${command.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim());
}
