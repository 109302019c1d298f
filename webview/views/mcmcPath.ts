import type uPlot from 'uplot';
import type { McmcPathData } from '../../src/shared/protocol';
import type { Box } from '../chart/axes';
import { legendItem, showLegend } from '../chart/legend';
import { marksPlot, PlotFrame } from '../chart/plotFrame';
import { createSlider } from '../components';
import { withAlpha } from '../theme/color';
import type { ThemeColors } from '../theme/themeColors';
import { toMcmcPath } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

/** The most points drawn per chain (the trainer saves 300); the slider picks how many, from the start. */
const MAX_STEPS = 300;
/** Few enough to follow each chain's moves, as in the classic figure; drag the slider for more. */
const DEFAULT_STEPS = 60;
/** The plot's width less its height for a square plot box: the y axis and its name (58 px) and the right padding
 * (12) across, against the top padding (10) and the x axis and its name (46) up. */
const SQUARE = 58 + 12 - 10 - 46;

/**
 * The first steps of each chain in the (θ1, θ2) unit square, as in the classic Gibbs sampling
 * figure: a Gibbs sweep updates one coordinate at a time, so its path moves in axis-aligned
 * steps, while Metropolis jumps diagonally and stays put on a rejection. A ring marks each start;
 * a slider shows more of the path.
 */
function createPath(ctx: ViewContext): ArtifactView {
  const frame = new PlotFrame('gl-mcmc-square', (width) => width - SQUARE);
  let steps = DEFAULT_STEPS;
  const slider = createSlider({
    label: 'Points', min: 2, max: MAX_STEPS, step: 1, value: steps, format: (v) => `first ${v}`,
    onInput: (v) => {
      steps = v;
      frame.plot?.redraw(false);
    },
  });
  const content = document.createElement('div');
  content.append(frame.element, slider.element);

  const draw = (data: McmcPathData, colors: ThemeColors) => {
    const longest = Math.min(MAX_STEPS, Math.max(2, ...data.chains.map((path) => path.length)));
    slider.setRange(2, longest);
    slider.setValue(Math.min(steps, longest));
    const axes = { x: [0, 1] as [number, number], y: [0, 1] as [number, number], xLabel: data.parameters[0], yLabel: data.parameters[1],
      yTicks: true, grid: true };
    frame.show(marksPlot(colors, axes, (u, g, box) => drawChains(u, g, box, data.chains.map((path) => path.slice(0, steps)), colors),
      { padding: [10, 12, 0, 0] }), () => [[0, 1]]);
    showLegend(frame.legend, [...data.chains.map((_, c) =>
      legendItem(colors.categories[c % colors.categories.length], `chain ${c + 1}`, { shape: 'dot' })),
    legendItem(colors.foreground, 'start', { shape: 'ring' })]);
  };

  return jsonView(ctx, {
    content, noun: 'path', parse: toMcmcPath, draw,
    shape: 'an MCMC path ({parameters: [θ1, θ2], chains: [[[θ1, θ2], …]]})',
    toPng: () => frame.toPng(ctx.colors().background),
    dispose: () => frame.dispose(),
  });
}

/** Each chain's path as a line through dots, clipped to the plot box, with a ring at its start. */
function drawChains(u: uPlot, g: CanvasRenderingContext2D, box: Box, chains: [number, number][][], colors: ThemeColors): void {
  g.beginPath();
  g.rect(box.left, box.top, box.width, box.height);
  g.clip();
  chains.forEach((path, c) => {
    const color = colors.categories[c % colors.categories.length];
    const points = path.map(([x, y]) => [box.left + u.valToPos(x, 'x'), box.top + u.valToPos(y, 'y')]);
    g.strokeStyle = withAlpha(color, 0.75);
    g.lineWidth = 1.2;
    g.beginPath();
    points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.stroke();
    g.fillStyle = color;
    for (const [x, y] of points) {
      g.beginPath();
      g.arc(x, y, 2, 0, 2 * Math.PI);
      g.fill();
    }
    if (points.length > 0) {
      g.strokeStyle = colors.foreground;
      g.lineWidth = 2;
      g.beginPath();
      g.arc(points[0][0], points[0][1], 6, 0, 2 * Math.PI);
      g.stroke();
    }
  });
}

registerView({ name: 'path', kind: 'json', title: 'MCMC: first steps', order: 53, create: createPath });
