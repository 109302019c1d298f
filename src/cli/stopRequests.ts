import { fstatSync, type Stats } from 'node:fs';
import { createInterface } from 'node:readline';
import { isStopMessage } from '../shared/trainerControl';

/**
 * Whether stdin is a channel some program holds (a pipe or a socket) rather than a terminal, a file or /dev/null:
 * only such a stdin carries stop lines, and only its end can mean that program is gone.
 */
export function stdinIsChannel(stat: Pick<Stats, 'isFIFO' | 'isSocket'>, isTTY: boolean): boolean {
  return !isTTY && (stat.isFIFO() || stat.isSocket());
}

function stdinStat(): Stats | null {
  try {
    return fstatSync(0);
  } catch {
    return null; // no stdin at all (closed descriptor)
  }
}

/** Where stop requests come from besides signals. */
export interface StopSources {
  /** Read `{"type":"stop"}` lines on stdin (when it is a pipe or socket). */
  stopLines: boolean;
  /** Also stop when that stdin ends (the controlling parent is gone). */
  stopOnStdinEnd: boolean;
}

/**
 * Everything that asks `genlab train` to checkpoint and end as `stopped`: SIGINT/SIGTERM, a stop line on stdin,
 * the end of a controlling parent's stdin, and output nobody reads any more (a write to stdout or stderr failing
 * with EPIPE: `genlab train --json | head -1`, an extension host that went away). The latter would otherwise
 * crash the trainer on an uncaught error, leaving no checkpoint and a summary stuck at `running`.
 */
export class StopRequests {
  private readonly controller = new AbortController();
  /** Aborted (with the reason as a string) on the first request. */
  readonly signal = this.controller.signal;
  /** Set once a write to stdout or stderr failed: further output goes nowhere and is not attempted. */
  outputGone = false;

  constructor(sources: StopSources, private readonly onStop: (reason: string) => void) {
    process.once('SIGINT', () => this.request('SIGINT'));
    process.once('SIGTERM', () => this.request('SIGTERM'));
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (e: NodeJS.ErrnoException) => {
        this.outputGone = true;
        this.request(`output closed: ${e.code ?? e.message}`);
      });
    }
    const stat = stdinStat();
    if (sources.stopLines && stat && stdinIsChannel(stat, process.stdin.isTTY === true)) {
      const lines = createInterface({ input: process.stdin });
      lines.on('line', (line) => {
        if (isStopMessage(line)) this.request('asked to stop');
      });
      const ended = () => {
        if (sources.stopOnStdinEnd) this.request('its controlling process closed stdin');
      };
      lines.on('close', ended);
      process.stdin.on('error', ended); // a reset socket: the other end is gone as surely as after a close
    }
  }

  request(reason: string): void {
    if (this.signal.aborted) return;
    this.onStop(reason);
    this.controller.abort(reason);
  }
}
