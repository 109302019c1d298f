import { RunStore } from '../../engine/runs/store';
import type { RunSnapshot } from '../../shared/protocol';

/** Everything recorded for a run so far, read from its folder: what a panel is initialised with. */
export function readRunSnapshot(runDir: string): RunSnapshot {
  const store = RunStore.open(runDir);
  return {
    runId: store.id,
    runDir: store.dir,
    summary: store.readSummary(),
    metrics: store.readMetrics(),
    artifacts: store.listArtifacts().sort((a, b) => a.epoch - b.epoch || a.name.localeCompare(b.name)),
  };
}
