import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { atomicTempWriter } from '../util/atomicFile';
import { parseCheckpointTempDir } from './checkpoint';
import { processAlive } from './processIdentity';

/**
 * Clears what killed writers left in a run folder, for a trainer that is about to take the run over:
 * writeFileAtomic's `.<file>.<pid>.<ms>.tmp` files (run folder, images/, checkpoints/) and checkpoints'
 * `.tmp-ckpt-*` folders. A checkpoint set aside while its replacement was renamed into place
 * (`.old-ckpt-*`) is moved back when the replacement never arrived, else deleted. Only what a process
 * that is no longer alive wrote is touched. Returns what was removed or moved back, relative to the run.
 */
export function removeLeftovers(runDir: string): string[] {
  const done: string[] = [];
  for (const sub of ['', 'images', 'checkpoints']) {
    const dir = join(runDir, sub);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const ckpt = sub === 'checkpoints' ? parseCheckpointTempDir(entry) : null;
      const pid = ckpt?.pid ?? atomicTempWriter(entry);
      if (pid === null || processAlive(pid)) continue;
      if (ckpt?.kind === 'old' && !existsSync(join(dir, ckpt.name))) {
        renameSync(join(dir, entry), join(dir, ckpt.name));
        done.push(`${join(sub, entry)} → ${join(sub, ckpt.name)}`);
      } else {
        rmSync(join(dir, entry), { recursive: true, force: true });
        done.push(join(sub, entry));
      }
    }
  }
  return done;
}
