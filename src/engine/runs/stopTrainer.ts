import type { ChildProcess } from 'node:child_process';
import { STOP_MESSAGE } from '../../shared/trainerControl';

export interface StopFallbacks {
  /** Still running this long after the stop line: SIGTERM (which a trainer also takes as a stop, except on Windows). */
  signalAfterMs: number;
  /** Still running this long after the stop line: SIGKILL. */
  killAfterMs: number;
}

/** A trainer reads stop lines between steps; a checkpoint of a large model takes a while more. */
export const STOP_FALLBACKS: StopFallbacks = { signalAfterMs: 30_000, killAfterMs: 60_000 };

/**
 * Asks a trainer child (spawned with stdin 'pipe' and `--controlled`) to checkpoint and stop: the stop line on its
 * stdin, which works on every OS, then the signals as fallbacks for a trainer that does not answer it. Returns a
 * function that cancels the fallbacks that have not fired (they are also cancelled when the child exits).
 */
export function stopTrainer(child: ChildProcess, fallbacks: StopFallbacks = STOP_FALLBACKS): () => void {
  const stdin = child.stdin;
  const canWrite = stdin !== null && stdin.writable;
  if (canWrite) {
    stdin.on('error', () => undefined); // the child is gone already: the exit handler says how it ended
    stdin.write(STOP_MESSAGE + '\n');
  }
  const term = setTimeout(() => child.kill('SIGTERM'), canWrite ? fallbacks.signalAfterMs : 0);
  const kill = setTimeout(() => child.kill('SIGKILL'), fallbacks.killAfterMs);
  const cancel = () => {
    clearTimeout(term);
    clearTimeout(kill);
  };
  child.once('exit', cancel);
  return cancel;
}
