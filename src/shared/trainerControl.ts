/**
 * How a controlling program (the extension) talks to a `genlab train` child over its stdin. A line on stdin works
 * on every OS; a signal does not (on Windows, SIGTERM ends the process at once, losing the epoch in progress).
 */

/** The line that makes the trainer checkpoint where it is and end as `stopped`. */
export const STOP_MESSAGE = JSON.stringify({ type: 'stop' });

/**
 * `genlab train` flag for a controlling parent: stdin is the parent's channel, so its closing means the parent is
 * gone and the run stops too (with a checkpoint). Without it, only a stop line stops the run: stdin that ends at once
 * (a batch job's, `ssh -n`, a pipe from a finished command) must not.
 */
export const CONTROLLED_FLAG = '--controlled';

export function isStopMessage(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'stop';
  } catch {
    return false;
  }
}
