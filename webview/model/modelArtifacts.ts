import type { CategoryProbsData, Gan1dCurvesData, NadeConditionalsData } from '../../src/shared/protocol';

/** Shape checks of model artifacts the panel reads (they come from files), and scale helpers; no DOM. */

const isNumberArray = (v: unknown, n: number, nullable = false): boolean =>
  Array.isArray(v) && v.length === n && v.every((y) => typeof y === 'number' || (nullable && y === null));

/** The content of a `gan1d-curves` artifact, or null if `json` does not have its shape. */
export function toGan1dCurves(json: unknown): Gan1dCurvesData | null {
  if (typeof json !== 'object' || json === null) return null;
  const d = json as Partial<Gan1dCurvesData>;
  const n = Array.isArray(d.x) ? d.x.length : 0;
  const arraysOk = n >= 2 && isNumberArray(d.x, n) && isNumberArray(d.pData, n) && isNumberArray(d.pG, n) &&
    isNumberArray(d.d, n) && isNumberArray(d.dStar, n, true);
  const numbersOk = ['step', 'js', 'value', 'optimalValue', 'referenceValue'].every((k) => typeof d[k as keyof Gan1dCurvesData] === 'number');
  return arraysOk && numbersOk ? (d as Gan1dCurvesData) : null;
}

const isNumbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

/** The content of a `category-probs` artifact, or null if `json` does not have its shape. */
export function toCategoryProbs(json: unknown): CategoryProbsData | null {
  if (typeof json !== 'object' || json === null) return null;
  const d = json as Partial<CategoryProbsData>;
  if (!Array.isArray(d.categories) || !d.categories.every((c) => typeof c === 'string')) return null;
  const k = d.categories.length;
  const ok = k > 0 && isNumbers(d.target, k) && isNumbers(d.sampleCounts, k) && typeof d.sampleTotal === 'number' &&
    typeof d.temperature === 'number' && Array.isArray(d.epochs) && d.epochs.length > 0 && isNumbers(d.epochs, d.epochs.length) &&
    Array.isArray(d.learned) && d.learned.length === d.epochs.length && d.learned.every((row) => isNumbers(row, k));
  return ok ? (d as CategoryProbsData) : null;
}

/** The content of a NADE `conditionals` JSON artifact, or null if `json` does not have its shape. */
export function toNadeConditionals(json: unknown): NadeConditionalsData | null {
  if (typeof json !== 'object' || json === null) return null;
  const d = json as Partial<NadeConditionalsData>;
  const n = Number.isInteger(d.width) && Number.isInteger(d.height) ? d.width! * d.height! : 0;
  const ok = n > 0 && isNumbers(d.pixels, n) && isNumbers(d.probabilities, n) && typeof d.nll === 'number' &&
    typeof d.testIndex === 'number' && typeof d.ordering === 'string';
  return ok ? (d as NadeConditionalsData) : null;
}

/** Rounds up to one significant digit (0.0769 → 0.08), so the colour bar's ticks read as round numbers. */
export function roundUp(v: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  return Number((Math.ceil(v / magnitude - 1e-9) * magnitude).toPrecision(6));
}
