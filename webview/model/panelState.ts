/**
 * The panel's view settings, saved with `vscode.setState` so a panel restored after a reload (or
 * brought back from the background) looks as it was left. The host reads `runId` from it to know
 * which run a restored panel shows.
 */
export interface PanelState {
  runId: string | null;
  /** EMA weight of the smoothed curves, 0 (off) to 0.99. */
  smoothing: number;
  logScale: boolean;
  /** Metric ids (`step:loss`) the user unticked; new metrics show by default. */
  hiddenMetrics: string[];
  /** Epoch the image views show; null follows the latest saved one. */
  epoch: number | null;
}

export const MAX_SMOOTHING = 0.99;

export const defaultPanelState = (): PanelState => ({
  runId: null, smoothing: 0.6, logScale: false, hiddenMetrics: [], epoch: null,
});

/** Reads saved state defensively: it may come from an older version of the panel. */
export function restorePanelState(saved: unknown): PanelState {
  const state = defaultPanelState();
  if (typeof saved !== 'object' || saved === null) return state;
  const s = saved as Record<string, unknown>;
  if (typeof s.runId === 'string') state.runId = s.runId;
  if (typeof s.smoothing === 'number' && Number.isFinite(s.smoothing)) {
    state.smoothing = Math.min(MAX_SMOOTHING, Math.max(0, s.smoothing));
  }
  if (typeof s.logScale === 'boolean') state.logScale = s.logScale;
  if (Array.isArray(s.hiddenMetrics)) state.hiddenMetrics = s.hiddenMetrics.filter((m): m is string => typeof m === 'string');
  if (typeof s.epoch === 'number' && Number.isInteger(s.epoch)) state.epoch = s.epoch;
  return state;
}
