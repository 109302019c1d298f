/** Where training stands: the next step to run and the partial sums of the epoch in progress. */
export interface TrainingPosition {
  epoch: number;
  step: number;
  globalStep: number;
  /** Sums and counts of step metrics in the current epoch, so the epoch's means come out the same. */
  epochSums: Record<string, number>;
  epochCount: number;
}

/** A checkpoint's `state.json`. */
export interface CheckpointState extends TrainingPosition {
  format: 'genlab-checkpoint-1';
  savedAt: string;
  optimizers: string[];
  extra?: unknown;
  /**
   * SHA-256 (hex) of every other file of the checkpoint as written, so damaged bytes are found before they
   * are loaded. Checkpoints written before GenLab recorded them have none: their files are not verified.
   */
  sha256?: Record<string, string>;
}

const isCount = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Optimizer names become file names (`optimizer-<name>.json`): nothing that could lead out of the folder. */
const SAFE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a parsed `state.json` field by field: its numbers decide where a resumed run continues and which
 * metrics it keeps, so a damaged one must be refused, not trusted. Returns the state, or what is wrong.
 */
export function checkCheckpointState(value: unknown): { state: CheckpointState } | { problem: string } {
  if (!isObject(value)) return { problem: 'not a JSON object' };
  if (value.format !== 'genlab-checkpoint-1') return { problem: '"format" is not "genlab-checkpoint-1"' };
  if (typeof value.savedAt !== 'string') return { problem: '"savedAt" is not a string' };
  if (!isCount(value.epoch, 1)) return { problem: '"epoch" is not an integer ≥ 1' };
  for (const key of ['step', 'globalStep', 'epochCount'] as const) {
    if (!isCount(value[key], 0)) return { problem: `"${key}" is not an integer ≥ 0` };
  }
  if ((value.step as number) > (value.globalStep as number)) return { problem: '"step" is greater than "globalStep"' };
  if (!isObject(value.epochSums) || !Object.values(value.epochSums).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return { problem: '"epochSums" is not an object of finite numbers' };
  }
  if (!Array.isArray(value.optimizers) || !value.optimizers.every((n) => typeof n === 'string' && SAFE_NAME.test(n))) {
    return { problem: '"optimizers" is not a list of names' };
  }
  if (value.sha256 !== undefined && (!isObject(value.sha256)
    || !Object.values(value.sha256).every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)))) {
    return { problem: '"sha256" is not an object of SHA-256 hex digests' };
  }
  return { state: value as unknown as CheckpointState };
}
