import type { McmcHist2dData } from '../../src/shared/protocol';
import { drawAxes, linearAxes, type Axes } from '../chart/axes';
import { canvasToPng } from '../chart/canvasToPng';
import { COLOR_BAR_SPACE, drawColorBar } from '../chart/colorBar';
import { sizeCanvas } from '../chart/hiDpiCanvas';
import { ticks } from 'd3-array';
import { viridisCss } from '../../src/shared/palette';
import { formatValue } from '../../src/shared/format';
import type { ThemeColors } from '../theme/themeColors';
import { toMcmcHist2d } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

const MARGIN = { left: 52, right: 8, top: 10, bottom: 42 };
const MAX_SIDE = 360;

interface Cell {
  i: number;
  j: number;
}

/**
 * The joint posterior of (θ1, θ2) as a 2-D histogram of the kept draws of all chains, coloured on
 * viridis by count (matplotlib's `hist2d`). Hovering a bin reads its range, count and density.
 */
function createHist2d(ctx: ViewContext): ArtifactView {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.className = 'gl-plot-canvas gl-hoverable';
  const readout = document.createElement('p');
  readout.className = 'gl-view-summary';
  const content = document.createElement('div');
  content.append(canvas, readout);
  let last: { data: McmcHist2dData; colors: ThemeColors } | null = null;
  let axes: Axes | null = null;
  let hovered: Cell | null = null;

  const binWidths = (d: McmcHist2dData) => d.range.map(([lo, hi]) => (hi - lo) / d.bins) as [number, number];

  const draw = (data: McmcHist2dData, colors: ThemeColors) => {
    last = { data, colors };
    const width = content.clientWidth;
    const side = Math.min(MAX_SIDE, width - MARGIN.left - MARGIN.right - COLOR_BAR_SPACE);
    const g = side > 20 ? sizeCanvas(canvas, MARGIN.left + side + MARGIN.right + COLOR_BAR_SPACE, MARGIN.top + side + MARGIN.bottom) : null;
    if (!g) return;
    const a = linearAxes({ left: MARGIN.left, top: MARGIN.top, width: side, height: side }, data.range[0], data.range[1]);
    axes = a;
    const max = Math.max(1, ...data.counts.flat());
    const [dx, dy] = binWidths(data);
    data.counts.forEach((column, i) => column.forEach((count, j) => {
      const x0 = a.toX(data.range[0][0] + i * dx), y1 = a.toY(data.range[1][0] + (j + 1) * dy);
      g.fillStyle = viridisCss(count / max);
      // Half a pixel of overlap, so no background seams show between cells.
      g.fillRect(x0, y1, a.toX(data.range[0][0] + (i + 1) * dx) - x0 + 0.5, a.toY(data.range[1][0] + j * dy) - y1 + 0.5);
    }));
    drawAxes(g, a, colors, { xLabel: data.parameters[0], yLabel: data.parameters[1], yTicks: true });
    if (hovered) {
      g.strokeStyle = colors.foreground;
      g.lineWidth = 2;
      const x0 = a.toX(data.range[0][0] + hovered.i * dx), y1 = a.toY(data.range[1][0] + (hovered.j + 1) * dy);
      g.strokeRect(x0, y1, a.toX(data.range[0][0] + (hovered.i + 1) * dx) - x0, a.toY(data.range[1][0] + hovered.j * dy) - y1);
    }
    drawColorBar(g, { left: MARGIN.left + side + MARGIN.right + 8, top: MARGIN.top, height: side }, {
      color: viridisCss,
      ticks: ticks(0, max, 5).map((v) => ({ t: v / max, label: formatValue(v) })),
      caption: 'draws per bin',
    }, colors);
    readout.textContent = hovered ? describeBin(data, hovered) : summaryOf(data);
  };

  const describeBin = (d: McmcHist2dData, { i, j }: Cell) => {
    const [dx, dy] = binWidths(d);
    const count = d.counts[i][j];
    const range = (lo: number, w: number, k: number) => `[${formatValue(lo + k * w)}, ${formatValue(lo + (k + 1) * w)})`;
    return `${d.parameters[0]} ∈ ${range(d.range[0][0], dx, i)}, ${d.parameters[1]} ∈ ${range(d.range[1][0], dy, j)}: ` +
      `${count.toLocaleString('en-US')} draws (${formatValue((100 * count) / Math.max(1, d.total))}%), ` +
      `density ${formatValue(count / (Math.max(1, d.total) * dx * dy))}`;
  };

  const hover = (cell: Cell | null) => {
    if (cell?.i === hovered?.i && cell?.j === hovered?.j) return;
    hovered = cell;
    if (last) draw(last.data, last.colors);
  };
  canvas.addEventListener('mousemove', (e) => {
    if (!last || !axes) return;
    const [x, y] = axes.fromPx(e.offsetX, e.offsetY);
    const [dx, dy] = binWidths(last.data);
    const i = Math.floor((x - last.data.range[0][0]) / dx), j = Math.floor((y - last.data.range[1][0]) / dy);
    hover(i >= 0 && i < last.data.bins && j >= 0 && j < last.data.bins ? { i, j } : null);
  });
  canvas.addEventListener('mouseleave', () => hover(null));

  return jsonView(ctx, {
    content, noun: '2-D histogram', parse: toMcmcHist2d, draw,
    shape: 'a 2-D histogram ({parameters, bins, range, counts[bins][bins], total})',
    toPng: () => canvasToPng(canvas, ctx.colors().background),
    redrawOnResize: content,
  });
}

function summaryOf(d: McmcHist2dData): string {
  return `${d.total.toLocaleString('en-US')} draws after burn-in (all chains) in ${d.bins} × ${d.bins} bins`;
}

registerView({ name: 'hist2d', kind: 'json', title: 'MCMC: joint posterior', order: 51, create: createHist2d });
