/** A saved checkpoint as retention sees it: its folder name and the position it resumes at. */
export interface CheckpointEntry {
  name: string;
  /** The epoch it resumes in; an epoch-end checkpoint (step 0) holds the weights after epoch − 1. */
  epoch: number;
  step: number;
}

/** What to do with the checkpoints beyond the newest ones. */
export interface RetentionPlan {
  /** Folders to delete. */
  remove: string[];
  /** Folders kept for their weights only: their optimizer slots can go (only a resume needs them). */
  weightsOnly: string[];
}

/** The newest checkpoints keep everything a resume needs. */
export const RESUMABLE = 2;

/** The epoch whose trained weights a checkpoint holds, or null for a mid-epoch (stop) checkpoint. */
export function trainedEpoch(entry: CheckpointEntry): number | null {
  return entry.step === 0 && entry.epoch > 1 ? entry.epoch - 1 : null;
}

/**
 * Which checkpoints to keep. The newest `RESUMABLE` stay whole; of the older epoch-end checkpoints,
 * all are kept up to `keep`, past that only every s-th epoch, s the smallest power of two that leaves
 * at most `keep` of them. Doubling s only ever drops epochs (multiples of 2s are multiples of s), so
 * thinning never needs a checkpoint it already deleted. Older mid-epoch checkpoints go.
 * `entries` are sorted oldest first.
 */
export function planRetention(entries: CheckpointEntry[], keep: number | 'all'): RetentionPlan {
  const older = entries.slice(0, Math.max(0, entries.length - RESUMABLE));
  const lastEpoch = Math.max(0, ...entries.map((e) => trainedEpoch(e) ?? 0));
  let stride = 1;
  if (keep !== 'all') while (Math.floor(lastEpoch / stride) > keep) stride *= 2;
  const plan: RetentionPlan = { remove: [], weightsOnly: [] };
  for (const entry of older) {
    const epoch = trainedEpoch(entry);
    if (epoch !== null && epoch % stride === 0) plan.weightsOnly.push(entry.name);
    else plan.remove.push(entry.name);
  }
  return plan;
}
