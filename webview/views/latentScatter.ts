import type { LatentScatterData, PriorDensityGrid } from '../../src/shared/protocol';
import { ScatterPlot, type ScatterPoints } from '../chart/scatterPlot';
import { registerView, type ArtifactView, type ViewContext } from './registry';

/** Latent codes of test examples, coloured by class; hover names the class. */
function createLatentScatter(ctx: ViewContext): ArtifactView {
  const plot = new ScatterPlot();
  const status = document.createElement('p');
  status.className = 'gl-placeholder';
  const element = document.createElement('div');
  element.append(plot.element, status);
  /** The path last asked for: an older read that answers late must not overwrite a newer one. */
  let wanted = '';
  let shownPath = '';

  return {
    element,
    show({ artifact }) {
      if (artifact.path === wanted) return;
      wanted = artifact.path;
      status.hidden = shownPath !== '';
      status.textContent = 'Loading latent codes…';
      ctx.readJson(artifact.path).then((json) => {
        if (wanted !== artifact.path) return;
        const points = toScatterPoints(json);
        if (!points) throw new Error('not a latent scatter ({points: [[x, y, label], …]})');
        shownPath = artifact.path;
        status.hidden = true;
        element.dataset.epoch = String(artifact.epoch);
        plot.setData(points, ctx.colors());
      }).catch((e: unknown) => {
        if (wanted !== artifact.path) return;
        status.hidden = false;
        status.textContent = `Cannot show ${artifact.path}: ${e instanceof Error ? e.message : String(e)}`;
      });
    },
    restyle: () => plot.restyle(ctx.colors()),
    toPng: () => plot.toPng(),
    dispose: () => plot.dispose(),
  };
}

/** Checks the artifact's shape (it comes from a file) and lays it out column-wise; null if it is not one. */
export function toScatterPoints(json: unknown): ScatterPoints | null {
  if (typeof json !== 'object' || json === null) return null;
  const { points, labels, prior } = json as Partial<LatentScatterData>;
  if (!Array.isArray(points)) return null;
  const n = points.length;
  const out: ScatterPoints = { xs: new Float64Array(n), ys: new Float64Array(n), labels: new Int32Array(n),
    labelNames: Array.isArray(labels) ? labels.map(String) : [], ...(isDensityGrid(prior) ? { prior } : {}) };
  let kept = 0;
  for (const p of points) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    out.xs[kept] = p[0];
    out.ys[kept] = p[1];
    out.labels[kept] = Number.isInteger(p[2]) ? p[2] : -1;
    kept++;
  }
  return { ...out, xs: out.xs.subarray(0, kept), ys: out.ys.subarray(0, kept), labels: out.labels.subarray(0, kept) };
}

/** A prior's density grid as the scatter draws it: finite ranges and bins × bins finite values. */
function isDensityGrid(value: unknown): value is PriorDensityGrid {
  const grid = value as Partial<PriorDensityGrid> | undefined;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  return typeof grid === 'object' && grid !== null && Number.isInteger(grid.bins) && (grid.bins ?? 0) > 0
    && Array.isArray(grid.range) && grid.range.length === 2 && grid.range.every((r) => Array.isArray(r) && r.length === 2 && r.every(finite))
    && Array.isArray(grid.density) && grid.density.length === grid.bins
    && grid.density.every((column) => Array.isArray(column) && column.length === grid.bins && column.every(finite));
}

registerView({ name: 'latent-scatter', kind: 'json', title: 'Latent space (test set)', order: 40, wide: true,
  create: createLatentScatter });
