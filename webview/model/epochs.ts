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
