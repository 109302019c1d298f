import type uPlot from 'uplot';
import type { McmcHist2dData } from '../../src/shared/protocol';
import type { Box } from '../chart/axes';
import { COLOR_BAR_SPACE, drawColorBar } from '../chart/colorBar';
import { marksPlot, PlotFrame } from '../chart/plotFrame';
import { ticks } from 'd3-array';
import { viridisCss } from '../../src/shared/palette';
import { formatValue } from '../../src/shared/format';
import type { ThemeColors } from '../theme/themeColors';
import { toMcmcHist2d } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

/** Room right of the plot box for the colour bar, its labels and caption. */
const BAR_PAD = COLOR_BAR_SPACE + 12;
/** The plot's width less its height for a square plot box: the y axis and its name (58 px) and the colour bar across,
 * against the top padding (10) and the x axis and its name (46) up. */
const SQUARE = 58 + BAR_PAD - 10 - 46;

interface Cell {
  i: number;
  j: number;
}

/**
 * The joint posterior of (θ1, θ2) as a 2-D histogram of the kept draws of all chains, coloured on
 * viridis by count (matplotlib's `hist2d`). Hovering a bin reads its range, count and density.
 */
function createHist2d(ctx: ViewContext): ArtifactView {
  const frame = new PlotFrame('gl-mcmc-square gl-mcmc-hist2d', (width) => width - SQUARE);
  const readout = document.createElement('p');
  readout.className = 'gl-view-summary';
  const content = document.createElement('div');
  content.append(frame.element, readout);
  let shown: McmcHist2dData | null = null;
  let hovered: Cell | null = null;

  const draw = (data: McmcHist2dData, colors: ThemeColors) => {
    shown = data;
    const axes = { x: data.range[0], y: data.range[1], xLabel: data.parameters[0], yLabel: data.parameters[1], yTicks: true };
    frame.show(marksPlot(colors, axes, (u, g, box) => drawCells(u, g, box, data, hovered, colors), {
      padding: [10, BAR_PAD, 0, 0],
      hooks: { setCursor: [hover] },
    }), () => [data.range[0]]);
    readout.textContent = summaryOf(data);
  };

  const hover = (u: uPlot) => {
    const { left = -1, top = -1 } = u.cursor;
    const [dx, dy] = shown ? binWidths(shown) : [1, 1];
    const i = Math.floor((u.posToVal(left, 'x') - (shown?.range[0][0] ?? 0)) / dx);
    const j = Math.floor((u.posToVal(top, 'y') - (shown?.range[1][0] ?? 0)) / dy);
    const cell = shown && left >= 0 && i >= 0 && i < shown.bins && j >= 0 && j < shown.bins ? { i, j } : null;
    if (cell?.i === hovered?.i && cell?.j === hovered?.j) return;
    hovered = cell;
    u.redraw(false);
    if (shown) readout.textContent = hovered ? describeBin(shown, hovered) : summaryOf(shown);
  };

  return jsonView(ctx, {
    content, noun: '2-D histogram', parse: toMcmcHist2d, draw,
    shape: 'a 2-D histogram ({parameters, bins, range, counts[bins][bins], total})',
    toPng: () => frame.toPng(ctx.colors().background),
    dispose: () => frame.dispose(),
  });
}

const binWidths = (d: McmcHist2dData) => d.range.map(([lo, hi]) => (hi - lo) / d.bins) as [number, number];

/** The bins on viridis, the hovered one outlined, and the colour bar right of the plot box. */
function drawCells(u: uPlot, g: CanvasRenderingContext2D, box: Box, data: McmcHist2dData, hovered: Cell | null, colors: ThemeColors): void {
  const max = Math.max(1, ...data.counts.flat());
  const [dx, dy] = binWidths(data);
  const toX = (i: number) => box.left + u.valToPos(data.range[0][0] + i * dx, 'x');
  const toY = (j: number) => box.top + u.valToPos(data.range[1][0] + j * dy, 'y');
  data.counts.forEach((column, i) => column.forEach((count, j) => {
    g.fillStyle = viridisCss(count / max);
    // Half a pixel of overlap, so no background seams show between cells.
    g.fillRect(toX(i), toY(j + 1), toX(i + 1) - toX(i) + 0.5, toY(j) - toY(j + 1) + 0.5);
  }));
  if (hovered) {
    g.strokeStyle = colors.foreground;
    g.lineWidth = 2;
    g.strokeRect(toX(hovered.i), toY(hovered.j + 1), toX(hovered.i + 1) - toX(hovered.i), toY(hovered.j) - toY(hovered.j + 1));
  }
  drawColorBar(g, { left: box.left + box.width + 10, top: box.top, height: box.height }, {
    color: viridisCss,
    ticks: ticks(0, max, 5).map((v) => ({ t: v / max, label: formatValue(v) })),
    caption: 'draws per bin',
  }, colors);
}

function describeBin(d: McmcHist2dData, { i, j }: Cell): string {
  const [dx, dy] = binWidths(d);
  const count = d.counts[i][j];
  const range = (lo: number, w: number, k: number) => `[${formatValue(lo + k * w)}, ${formatValue(lo + (k + 1) * w)})`;
  return `${d.parameters[0]} ∈ ${range(d.range[0][0], dx, i)}, ${d.parameters[1]} ∈ ${range(d.range[1][0], dy, j)}: ` +
    `${count.toLocaleString('en-US')} draws (${formatValue((100 * count) / Math.max(1, d.total))}%), ` +
    `density ${formatValue(count / (Math.max(1, d.total) * dx * dy))}`;
}

function summaryOf(d: McmcHist2dData): string {
  return `${d.total.toLocaleString('en-US')} draws after burn-in (all chains) in ${d.bins} × ${d.bins} bins`;
}

registerView({ name: 'hist2d', kind: 'json', title: 'MCMC: joint posterior', order: 51, create: createHist2d });
