/** Exit statuses of the `genlab` CLI; the extension reads them when a trainer ends without saying how. */
export const EXIT = {
  ok: 0,
  /** The run or command failed. */
  failed: 1,
  /** Bad input: usage, a config that does not validate, a missing run. */
  invalid: 2,
  /** Stopped by a signal after saving a checkpoint (128 + SIGINT, as shells report it). */
  stopped: 130,
} as const;
