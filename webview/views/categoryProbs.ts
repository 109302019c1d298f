import type { CategoryProbsData } from '../../src/shared/protocol';
import { BarChart } from '../chart/barChart';
import { HeatMap, signed } from '../chart/heatMap';
import { formatValue } from '../../src/shared/format';
import { roundUp, toCategoryProbs } from '../model/modelArtifacts';
import type { ThemeColors } from '../theme/themeColors';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

/** Smallest half-range of the error colour scale: below it, noise would look like a strong error. */
const MIN_LIMIT = 0.01;

/**
 * A categorical GAN's progress: a heat map of learned − target probability by epoch (rows) and
 * category (columns) on a diverging blue–white–red scale, and this epoch's sample counts against
 * the counts the target expects.
 */
function createCategoryProbs(ctx: ViewContext): ArtifactView {
  const readout = document.createElement('p');
  readout.className = 'gl-view-summary';
  let shown: CategoryProbsData | null = null;
  const heatMap = new HeatMap((cell) => {
    if (!shown || !cell) {
      readout.textContent = shown ? summaryOf(shown) : '';
      return;
    }
    const p = shown.learned[cell.row][cell.column], t = shown.target[cell.column];
    readout.textContent = `epoch ${shown.epochs[cell.row]} · ${shown.categories[cell.column]}: learned ${formatValue(p)}, ` +
      `target ${formatValue(t)} (${signed(p - t)})`;
  });
  const bars = new BarChart();
  const panes = document.createElement('div');
  panes.className = 'gl-view-panes';
  panes.append(heatMap.element, bars.element);
  const content = document.createElement('div');
  content.append(panes, readout);

  const draw = (data: CategoryProbsData, colors: ThemeColors) => {
    shown = data;
    const errors = data.learned.map((row) => row.map((p, k) => p - data.target[k]));
    const limit = roundUp(Math.max(MIN_LIMIT, ...errors.flat().map(Math.abs)));
    heatMap.setData({
      rowLabels: data.epochs.map(String), columnLabels: data.categories, values: errors, limit,
      scaleLabel: 'learned − target', rowTitle: 'epoch',
    }, colors);
    bars.setData(data.categories, [
      { label: `generator samples (${data.sampleTotal})`, color: colors.series[0], style: 'fill', values: data.sampleCounts },
      { label: 'target × samples', color: colors.foreground, style: 'outline', values: data.target.map((t) => t * data.sampleTotal) },
    ], colors);
    readout.textContent = summaryOf(data);
  };

  return jsonView(ctx, {
    content, noun: 'probabilities', parse: toCategoryProbs, draw,
    shape: 'category probabilities ({categories, target, epochs, learned, sampleCounts, …})',
    toPng: () => heatMap.toPng(),
    dispose: () => {
      heatMap.dispose();
      bars.dispose();
    },
  });
}

function summaryOf(d: CategoryProbsData): string {
  const last = d.learned[d.learned.length - 1];
  const worst = Math.max(...last.map((p, k) => Math.abs(p - d.target[k])));
  return `epoch ${d.epochs[d.epochs.length - 1]} · learned ${last.map((p, k) => `${d.categories[k]} ${p.toFixed(3)}`).join(', ')} · ` +
    `max |learned − target| = ${formatValue(worst)} · τ = ${formatValue(d.temperature)}`;
}

registerView({ name: 'category-probs', kind: 'json', title: 'Categorical GAN: learned vs target', order: 36, wide: true,
  create: createCategoryProbs });
