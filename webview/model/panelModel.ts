import type { HostToWebview, RunSnapshot } from '../../src/shared/protocol';
import type { JsonRequests } from './jsonRequests';
import { RunState, type RunChange } from './runState';

export type Theme = 'light' | 'dark' | 'high-contrast';

/** The run the panel is about, plus the runs overlaid on its curves in compare mode. */
export class PanelModel {
  run: RunState | null = null;
  compare: RunState[] = [];
  theme: Theme = 'dark';

  /** Every run shown, the panel's own first. */
  runs(): RunState[] {
    return this.run ? [this.run, ...this.compare] : this.compare;
  }

  setCompare(snapshots: RunSnapshot[]): void {
    const own = this.run?.runId;
    this.compare = snapshots.filter((s) => s.runId !== own).map((s) => new RunState(s));
  }
}

export interface PanelChange extends RunChange {
  /** A new run or new compare set: everything is rebuilt. */
  runs?: boolean;
}

/**
 * Applies one message from the host to the model; returns what changed. Messages from the host are
 * trusted, but a malformed one must not break the panel, so shapes are checked before use.
 */
export function applyHostMessage(model: PanelModel, json: JsonRequests, message: unknown): PanelChange {
  if (!isHostMessage(message)) return {};
  switch (message.type) {
    case 'init':
      model.run = new RunState(message.snapshot);
      if (['light', 'dark', 'high-contrast'].includes(message.theme)) model.theme = message.theme;
      model.setCompare(message.compare ?? []);
      return { runs: true };
    case 'compare':
      model.setCompare(message.runs);
      return { runs: true };
    case 'event': {
      const target = model.runs().find((r) => r.runId === message.runId);
      if (!target || !message.event || typeof message.event.type !== 'string') return {};
      const change = target.apply(message.event);
      // Only the panel's own run has a header; compare runs change curves and their views beside the run's.
      const { metrics, artifacts } = change;
      return target === model.run ? change : { ...(metrics ? { metrics } : {}), ...(artifacts ? { artifacts } : {}) };
    }
    case 'artifact-uris': {
      const target = model.runs().find((r) => r.runId === message.runId);
      if (!target || typeof message.uris !== 'object' || message.uris === null) return {};
      target.addUris(message.uris);
      return { uris: true };
    }
    case 'json':
      json.settle(message.requestId, message.data, message.error);
      return {};
    case 'explore-reply':
      return {}; // the explorer's own (ExploreRequests), changing nothing here
  }
}

function isHostMessage(m: unknown): m is HostToWebview {
  if (typeof m !== 'object' || m === null) return false;
  const v = m as Record<string, unknown>;
  switch (v.type) {
    case 'init':
      return isSnapshot(v.snapshot) && (v.compare === undefined || (Array.isArray(v.compare) && v.compare.every(isSnapshot)));
    case 'compare':
      return Array.isArray(v.runs) && v.runs.every(isSnapshot);
    case 'event':
      return typeof v.runId === 'string' && typeof v.event === 'object' && v.event !== null;
    case 'artifact-uris':
      return typeof v.runId === 'string';
    case 'json':
      return typeof v.requestId === 'number';
    default:
      return false;
  }
}

function isSnapshot(s: unknown): s is RunSnapshot {
  if (typeof s !== 'object' || s === null) return false;
  const v = s as Record<string, unknown>;
  return typeof v.runId === 'string' && Array.isArray(v.metrics) && Array.isArray(v.artifacts);
}
