import type {
  McmcDiagnosticsData, McmcDiagnosticsRow, McmcHist2dData, McmcPathData, McmcPosteriorData, McmcTraceData,
} from '../../src/shared/protocol';

/**
 * Shape checks of the MCMC artifacts (they come from files, maybe from an older or newer
 * trainer): each returns the typed content, or null when something a view would index is missing.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isNumbers = (v: unknown, n?: number): v is number[] =>
  Array.isArray(v) && (n === undefined || v.length === n) && v.every(isNumber);
const isStrings = (v: unknown, n?: number): v is string[] =>
  Array.isArray(v) && (n === undefined || v.length === n) && v.every((s) => typeof s === 'string');
const isPair = (v: unknown): v is [number, number] => isNumbers(v, 2);

export function toMcmcTrace(json: unknown): McmcTraceData | null {
  if (!isObject(json) || !isStrings(json.parameters) || json.parameters.length === 0) return null;
  if (!isNumber(json.burnIn) || !isNumber(json.iterations) || !Array.isArray(json.chains) || json.chains.length === 0) return null;
  const k = json.parameters.length;
  // One x axis serves every chain: the chains advance together, so their iterations are the same.
  const first = isObject(json.chains[0]) ? json.chains[0].iteration : null;
  if (!isNumbers(first)) return null;
  const n = first.length;
  const chainsOk = json.chains.every((c) => isObject(c) && isNumbers(c.iteration, n) &&
    Array.isArray(c.values) && c.values.length === k && c.values.every((v) => isNumbers(v, n)));
  return chainsOk ? (json as unknown as McmcTraceData) : null;
}

export function toMcmcPath(json: unknown): McmcPathData | null {
  if (!isObject(json) || !isStrings(json.parameters, 2) || !Array.isArray(json.chains)) return null;
  const ok = json.chains.every((c) => Array.isArray(c) && c.every(isPair));
  return ok ? (json as unknown as McmcPathData) : null;
}

export function toMcmcHist2d(json: unknown): McmcHist2dData | null {
  if (!isObject(json) || !isStrings(json.parameters, 2) || !isNumber(json.total)) return null;
  const bins = json.bins;
  if (!Number.isInteger(bins) || (bins as number) < 1) return null;
  const range = json.range;
  const rangeOk = Array.isArray(range) && range.length === 2 && range.every((r) => isPair(r) && r[1] > r[0]);
  const countsOk = Array.isArray(json.counts) && json.counts.length === bins && json.counts.every((row) => isNumbers(row, bins as number));
  return rangeOk && countsOk ? (json as unknown as McmcHist2dData) : null;
}

export function toMcmcPosterior(json: unknown): McmcPosteriorData | null {
  if (!isObject(json) || !isNumber(json.hdiProb) || !Array.isArray(json.parameters) || json.parameters.length === 0) return null;
  const ok = json.parameters.every((p) => {
    if (!isObject(p) || typeof p.name !== 'string' || !isNumber(p.mean) || !isNumber(p.sd) || !isPair(p.hdi)) return false;
    const h = p.histogram, e = p.exact;
    if (!isObject(h) || !isNumbers(h.density) || h.density.length === 0 || !isNumbers(h.edges, h.density.length + 1)) return false;
    return isObject(e) && ['alpha', 'beta', 'mean', 'sd'].every((key) => isNumber(e[key])) && isPair(e.hdi) &&
      isNumbers(e.x) && e.x.length >= 2 && isNumbers(e.density, e.x.length);
  });
  return ok ? (json as unknown as McmcPosteriorData) : null;
}

const ROW_NUMBERS: (keyof McmcDiagnosticsRow)[] = [
  'mean', 'sd', 'hdiLow', 'hdiHigh', 'mcseMean', 'mcseSd', 'essBulk', 'essTail', 'rhat', 'exactMean', 'exactSd',
];

/**
 * A statistic that could not be computed (R-hat of a single draw) is NaN in the trainer and null in
 * JSON; rows keep it as null and the table shows a dash.
 */
export function toMcmcDiagnostics(json: unknown): McmcDiagnosticsData | null {
  if (!isObject(json) || typeof json.sampler !== 'string' || !isNumber(json.chains) || !isNumber(json.drawsPerChain)) return null;
  const t = json.thresholds;
  if (!isObject(t) || !isNumber(t.rhat) || !isNumber(t.ess) || !Array.isArray(json.rows)) return null;
  const ok = json.rows.every((r) => isObject(r) && typeof r.parameter === 'string' &&
    ROW_NUMBERS.every((key) => isNumber(r[key]) || r[key] === null));
  // The acceptance rate is optional: without one the table just leaves it out.
  return ok && (json.acceptanceRate === undefined || isNumber(json.acceptanceRate)) ? (json as unknown as McmcDiagnosticsData) : null;
}
