import type { ArtifactRef } from '../../src/shared/protocol';

/** Epochs with at least one artifact, ascending: the stops of the shared epoch slider. */
export function savedEpochs(artifacts: Iterable<ArtifactRef>): number[] {
  const epochs = new Set<number>();
  for (const a of artifacts) epochs.add(a.epoch);
  return [...epochs].sort((a, b) => a - b);
}

/** The epoch to show: the chosen one, or the latest when following (null) or none is saved yet. */
export function shownEpoch(chosen: number | null, epochs: number[]): number | null {
  if (epochs.length === 0) return null;
  if (chosen === null) return epochs[epochs.length - 1];
  return chosen;
}

/**
 * The artifact a view shows at `epoch`: the one saved then, else the latest saved before it (views
 * may save less often than others), else the earliest it has.
 */
export function artifactAt(artifacts: Iterable<ArtifactRef>, name: string, kind: ArtifactRef['kind'],
  epoch: number): ArtifactRef | undefined {
  let before: ArtifactRef | undefined;
  let earliest: ArtifactRef | undefined;
  for (const a of artifacts) {
    if (a.name !== name || a.kind !== kind) continue;
    if (a.epoch <= epoch && (!before || a.epoch > before.epoch)) before = a;
    if (!earliest || a.epoch < earliest.epoch) earliest = a;
  }
  return before ?? earliest;
}

/** The keys that move the epoch slider from anywhere in the panel: a step back or forward, the first or the latest. */
export const EPOCH_KEYS = ['ArrowLeft', 'ArrowRight', 'Home', 'End'] as const;

/**
 * The epoch a key moves the slider to from the shown one (`chosen`, null when following the latest), or
 * undefined when the key is not one of EPOCH_KEYS or there is nothing to move. Landing on the latest epoch
 * returns null, so the slider follows new epochs again as the slider's right end does.
 */
export function epochAfterKey(key: string, epochs: number[], chosen: number | null): number | null | undefined {
  if (epochs.length === 0 || !(EPOCH_KEYS as readonly string[]).includes(key)) return undefined;
  const last = epochs.length - 1;
  // From the stop the slider shows: the latest saved epoch at or before the chosen one.
  const shown = shownEpoch(chosen, epochs) as number;
  const at = indexAtOrBefore(epochs, shown);
  const step = key === 'Home' ? -last : key === 'End' ? last : key === 'ArrowLeft' ? -1 : 1;
  const index = Math.min(last, Math.max(0, at + step));
  return index === last ? null : epochs[index];
}

/** The slider stop that shows `value`: the index of the latest epoch at or before it, else the first. */
export function indexAtOrBefore(sorted: number[], value: number): number {
  let found = 0;
  sorted.forEach((e, i) => { if (e <= value) found = i; });
  return found;
}
