/**
 * The one place where GenLab's messages are typed:
 *  - trainer → host: JSON-lines events the trainer prints with `--json` (and stores in events.jsonl);
 *  - host ↔ webview: what the extension and the panel app say to each other;
 *  - `genlab serve`'s requests and replies (in serveProtocol.ts, re-exported here).
 * Both sides import these types; nothing else defines message shapes.
 */
import type { FramesFormat, ServeOp, ServeRequestBody, ServeResult } from './serveProtocol';
import { parseServeBody } from './serveRequests';

export type { FramesFormat, GeneratedOutputs, GenerateRequest, OutputSpace, ServeId, ServeImage, ServeInfo, ServeOp, ServeReply, ServeRequest, ServeRequestBody, ServeResult } from './serveProtocol';

export type RunStatus = 'queued' | 'running' | 'stopped' | 'failed' | 'done';

export type MetricValues = Record<string, number>;

/** A file a model produced for one epoch, relative to the run directory. */
export interface ArtifactRef {
  /** Stable name of the view this feeds, e.g. `samples`, `reconstructions`, `manifold`, `latent-scatter`. */
  name: string;
  kind: 'image' | 'json';
  epoch: number;
  /** Path relative to the run directory, always with forward slashes. */
  path: string;
}

/**
 * Content of the `latent-scatter` JSON artifact: 2-D latent codes of test examples.
 * Each point is `[x, y, label]`, `label` an index into `labels` (the class names) when given.
 */
export interface LatentScatterData {
  points: [number, number, number][];
  labels?: string[];
  /** The prior the codes should follow (the adversarial autoencoder), drawn as a density under the points. */
  prior?: PriorDensityGrid;
}

/** A 2-D density on a `bins`×`bins` grid over `range` ([x range, y range]): `density[i][j]` has x in bin i and y in bin j. */
export interface PriorDensityGrid {
  range: [[number, number], [number, number]];
  bins: number;
  density: number[][];
}

/**
 * Content of the 1-D GAN's `gan1d-curves` artifact (the GAN paper's figure 1) at one saved epoch:
 * on the grid `x`, the data density (black), the generator's density (green, a KDE of its samples),
 * D(x) (blue) and the optimal D*(x) = p_data/(p_data + p_g) (dashed; null where both densities vanish).
 */
export interface Gan1dCurvesData {
  epoch: number;
  /** Training steps done when the curves were taken. */
  step: number;
  x: number[];
  pData: number[];
  pG: number[];
  d: number[];
  dStar: (number | null)[];
  /** Jensen–Shannon divergence between p_data and p_g in nats, numerically on the grid. */
  js: number;
  /** Estimate of the game's value V(D, G) = E_data[log D] + E_G[log(1 − D)] with the current D. */
  value: number;
  /** max_D V(D, G) = −log 4 + 2·JS: what V would be with D = D*. */
  optimalValue: number;
  /** −log 4, the value of the game at p_g = p_data. */
  referenceValue: number;
  /** KDE bandwidth used for p_g. */
  bandwidth: number;
}

/**
 * Content of the categorical GAN's `category-probs` artifact: the generator's learned probabilities at
 * every epoch so far against the target (a heat map of learned − target), and this epoch's sample counts.
 */
export interface CategoryProbsData {
  categories: string[];
  target: number[];
  /** Epochs of the rows of `learned`, ascending. */
  epochs: number[];
  /** learned[i][k]: probability of category k after epoch epochs[i]. */
  learned: number[][];
  /** Counts of `sampleTotal` generator samples per category at this epoch (compare with target · sampleTotal). */
  sampleCounts: number[];
  sampleTotal: number;
  /** Gumbel-softmax temperature at the last step of this epoch. */
  temperature: number;
}

/**
 * Content of the MCMC model's `trace` artifact: each chain's (thinned) draws by iteration, burn-in
 * included so the view can shade it. `values[k][i]` is parameter k at `iteration[i]`.
 */
export interface McmcTraceData {
  parameters: string[];
  /** Iterations at the start of each chain left out of the estimates. */
  burnIn: number;
  /** Iterations run so far per chain. */
  iterations: number;
  chains: { iteration: number[]; values: number[][] }[];
}

/** `path`: each chain's first moves in the (θ1, θ2) plane, start first; a Gibbs sweep moves one axis at a time. */
export interface McmcPathData {
  parameters: [string, string];
  chains: [number, number][][];
}

/** `hist2d`: post-burn-in draws of all chains binned over [0, 1]²; `counts[i][j]` has θ1 in bin i, θ2 in bin j. */
export interface McmcHist2dData {
  parameters: [string, string];
  bins: number;
  range: [[number, number], [number, number]];
  counts: number[][];
  total: number;
}

/**
 * `posterior`: per parameter, the histogram of post-burn-in draws (as a density over `edges`), the exact
 * Beta posterior's density on a grid, and both 94% HDIs (ArviZ `plot_posterior`).
 */
export interface McmcPosteriorData {
  hdiProb: number;
  parameters: {
    name: string;
    mean: number;
    sd: number;
    hdi: [number, number];
    histogram: { edges: number[]; density: number[] };
    exact: { alpha: number; beta: number; mean: number; sd: number; hdi: [number, number]; x: number[]; density: number[] };
  }[];
}

/** One row of the `diagnostics` table (ArviZ `summary` columns, plus the exact posterior's mean and sd). */
export interface McmcDiagnosticsRow {
  parameter: string;
  mean: number;
  sd: number;
  hdiLow: number;
  hdiHigh: number;
  mcseMean: number;
  mcseSd: number;
  essBulk: number;
  essTail: number;
  rhat: number;
  exactMean: number;
  exactSd: number;
  /** rhat ≤ thresholds.rhat */
  rhatOk: boolean;
  /** essBulk and essTail ≥ thresholds.ess */
  essOk: boolean;
}

/** `diagnostics`: the table, with the thresholds past which a badge turns red. */
export interface McmcDiagnosticsData {
  sampler: 'gibbs' | 'metropolis';
  chains: number;
  drawsPerChain: number;
  /** Share of accepted proposals (1 for Gibbs). */
  acceptanceRate: number;
  thresholds: { rhat: number; ess: number };
  rows: McmcDiagnosticsRow[];
}

/**
 * Content of the NADE model's `conditionals` JSON artifact: one test image and, at every pixel,
 * p(x_i = 1 | x_<i) under the model. Both arrays are row-major in raster positions, whatever the
 * model's pixel ordering; −log of the probability of each actual pixel sums to `nll`.
 */
export interface NadeConditionalsData {
  width: number;
  height: number;
  /** Index of the image in the test set. */
  testIndex: number;
  /** The image: 0 or 1 per pixel. */
  pixels: number[];
  probabilities: number[];
  /** −log p(image) in nats. */
  nll: number;
  ordering: 'raster' | 'random';
}

export interface ValidationIssue {
  file: string;
  /** JSON path of the offending value, e.g. `model.latentDim` (empty for the whole document). */
  path: string;
  line: number;
  column: number;
  /** 0-based character offsets into the file, for editors. */
  offset: number;
  length: number;
  message: string;
}

export type TrainerEvent =
  | { type: 'run-started'; runId: string; runDir: string; model: string; name: string; totalEpochs: number;
      stepsPerEpoch: number; resumedFrom?: { epoch: number; step: number }; pid: number; time: string }
  | { type: 'backend'; name: string; tfBackend: string; skipped: { name: string; reason: string }[]; adapter?: AdapterInfo;
      /** CPU threads the backend computes on (wasm: training.threads, decided at start), and why. */
      threads?: number; threadsReason?: string }
  | { type: 'data'; source: string; train: number; test: number; skipped: number; detail?: string }
  /** `metrics` are means over the steps since the previous step event (also the step rows of metrics.jsonl). */
  | { type: 'step'; epoch: number; step: number; globalStep: number; metrics: MetricValues; stepsPerSecond: number;
      etaSeconds: number | null }
  | { type: 'epoch'; epoch: number; metrics: MetricValues; durationS: number }
  | { type: 'artifact'; artifact: ArtifactRef }
  | { type: 'checkpoint'; epoch: number; step: number; globalStep: number; path: string }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'invalid-config'; issues: ValidationIssue[] }
  | { type: 'run-finished'; status: Exclude<RunStatus, 'queued' | 'running'>; message?: string; summary: RunSummary };

export type TrainerEventType = TrainerEvent['type'];

/** The WebGPU adapter a run trains on (backend `webgpu` only). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (e.g. Mesa's llvmpipe): correct but slow; `auto` never picks one. */
  isFallbackAdapter: boolean;
  /** Bytes: the largest single buffer, and the largest one a shader may bind (a tensor must fit this). */
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/** `summary.json` of a run: written when it starts, updated each epoch, final at the end. */
export interface RunSummary {
  runId: string;
  name: string;
  model: string;
  backend: string;
  /** Present when the backend is `webgpu`. */
  adapter?: AdapterInfo;
  /** CPU threads of the backend (wasm), when known. */
  threads?: number;
  status: RunStatus;
  /** Epochs completed. */
  epochs: number;
  totalEpochs: number;
  steps: number;
  durationS: number;
  /** The last epoch's metrics. */
  metrics: MetricValues;
  startedAt: string;
  updatedAt: string;
  pid?: number;
  message?: string;
}

/** Parses one line of trainer output; returns null for lines that are not events (e.g. stray logs). */
export function parseTrainerEvent(line: string): TrainerEvent | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value = JSON.parse(trimmed) as { type?: unknown };
    return typeof value.type === 'string' ? (value as TrainerEvent) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- host ↔ webview

/** Everything the panel shows for one run, sent once after the webview says it is ready. */
export interface RunSnapshot {
  runId: string;
  runDir: string;
  summary: RunSummary | null;
  /** Every epoch and step metric row recorded so far (metrics.jsonl). */
  metrics: MetricRow[];
  artifacts: ArtifactRef[];
}

export interface MetricRow {
  kind: 'step' | 'epoch';
  epoch: number;
  globalStep: number;
  metrics: MetricValues;
}

export type HostToWebview =
  | { type: 'init'; snapshot: RunSnapshot; theme: 'light' | 'dark' | 'high-contrast'; compare?: RunSnapshot[] }
  | { type: 'event'; runId: string; event: TrainerEvent }
  /** Resolved webview URIs for artifact paths, so images load under the CSP. */
  | { type: 'artifact-uris'; runId: string; uris: Record<string, string> }
  | { type: 'compare'; runs: RunSnapshot[] }
  /** Answer to a `read-json` request: the parsed JSON artifact, or an error. */
  | { type: 'json'; requestId: number; data?: unknown; error?: string }
  /** Answer to an `explore` request, from the run's model service (`genlab serve`). */
  | { type: 'explore-reply'; id: number; reply: ExploreReply };

/** What the model service said to one explorer request; `superseded`: a newer decode with its coalesce key replaced it. */
export type ExploreReply = ServeResult | { error: string } | { superseded: true };

/**
 * The serve ops the panel's explorers may ask for: every one. The service is the panel's own (one run, one card for
 * its model), so `load` moves only that card to the epoch the panel shows; `walk` puts the loaded epoch back.
 */
export const EXPLORE_OPS: readonly ServeOp[] = ['info', 'epochs', 'load', 'decode', 'encode', 'interpolate', 'test-images', 'sample', 'walk',
  'complete', 'generate'];

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'resume' }
  | { type: 'export'; what: 'metrics-csv' }
  | { type: 'export'; what: 'view-png'; view: string; dataUrl: string }
  /** An explorer's frames (the model service's PNGs) saved as a PNG sheet or an animation, by the service's `export`. */
  | { type: 'export'; what: 'frames'; view: string; format: FramesFormat; frames: string[]; across?: number }
  | { type: 'pick-compare' }
  /** A JSON artifact of the panel's run, or of a compare run (`runId`), by its path in the run folder. */
  | { type: 'read-json'; requestId: number; path: string; runId?: string }
  /** A question for the run's trained model; the host starts its model service on the first one. */
  | { type: 'explore'; id: number; request: ServeRequestBody };

/** Validates a message from the webview before the host uses it (the webview is untrusted input). */
export function parseWebviewMessage(value: unknown): WebviewToHost | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'resume':
    case 'pick-compare':
      return { type: m.type };
    case 'export':
      if (m.what === 'metrics-csv') return { type: 'export', what: 'metrics-csv' };
      if (m.what === 'view-png' && typeof m.view === 'string' && typeof m.dataUrl === 'string' &&
          m.dataUrl.startsWith('data:image/png;base64,') && /^[\w-]{1,64}$/.test(m.view)) {
        return { type: 'export', what: 'view-png', view: m.view, dataUrl: m.dataUrl };
      }
      if (m.what === 'frames' && typeof m.view === 'string' && /^[\w-]{1,64}$/.test(m.view)) {
        // The service's own checks on what it will be asked: the format, 1–256 frames of base64, `across`.
        const parsed = parseServeBody({ op: 'export', frames: m.frames, format: m.format, across: m.across });
        if (!('body' in parsed) || parsed.body.op !== 'export') return null;
        const { frames, format } = parsed.body;
        return { type: 'export', what: 'frames', view: m.view, format, frames, ...(m.across !== undefined ? { across: parsed.body.across } : {}) };
      }
      return null;
    case 'read-json':
      if (typeof m.requestId === 'number' && typeof m.path === 'string' && /^[\w./-]{1,200}$/.test(m.path) &&
          !m.path.includes('..') && !m.path.startsWith('/')) {
        if (m.runId === undefined) return { type: 'read-json', requestId: m.requestId, path: m.path };
        if (typeof m.runId === 'string' && /^[\w.-]{1,128}$/.test(m.runId) && !m.runId.startsWith('.')) {
          return { type: 'read-json', requestId: m.requestId, path: m.path, runId: m.runId };
        }
      }
      return null;
    case 'explore': {
      if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) return null;
      const r = m.request;
      if (typeof r !== 'object' || r === null || Array.isArray(r)) return null;
      const op = (r as Record<string, unknown>).op;
      if (!EXPLORE_OPS.includes(op as ServeOp)) return null;
      // The service's own checks: finite numbers within bounds, at most 256 points or indices, 2–64 frames.
      const parsed = parseServeBody(r as Record<string, unknown>);
      return 'body' in parsed ? { type: 'explore', id: m.id, request: parsed.body } : null;
    }
    default:
      return null;
  }
}

/** A sweep trial's state, as `sweep.json` records it. `pending`: no run yet; `killed`: its trainer died mid-run. */
export type TrialStatus = 'pending' | 'running' | 'killed' | 'stopped' | 'failed' | 'done';

export interface SweepTrialRecord {
  index: number;
  /** Dotted config path → the value this trial sets. */
  overrides: Record<string, unknown>;
  status: TrialStatus;
  /** The trial's run folder, relative to the sweep folder; absent while pending. */
  run?: string;
  epochs?: number;
  totalEpochs?: number;
  /** The ranking metric from the trial's last epoch. */
  value?: number;
}

/** `sweep.json` in a sweep folder: rewritten (atomically, under a lock) whenever a trial starts or ends. */
export interface SweepFile {
  format: 'genlab-sweep-1';
  name: string;
  /** The config the sweep was expanded from (absolute path). */
  config: string;
  model: string;
  metric: string;
  goal: 'minimize' | 'maximize';
  /** The swept paths, grid first. */
  paths: string[];
  status: 'pending' | 'running' | 'stopped' | 'failed' | 'done';
  trials: SweepTrialRecord[];
  /** The best finished trial so far. */
  best?: { index: number; value: number; run: string };
  createdAt: string;
  updatedAt: string;
}
