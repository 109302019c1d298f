import type { McmcPathData } from '../../src/shared/protocol';
import { drawAxes, linearAxes } from '../chart/axes';
import { canvasToPng } from '../chart/canvasToPng';
import { sizeCanvas } from '../chart/hiDpiCanvas';
import { legendItem } from '../chart/legend';
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
const MARGIN = { left: 52, right: 12, top: 10, bottom: 42 };
const MAX_SIZE = 440;

/**
 * The first steps of each chain in the (θ1, θ2) unit square, as in the classic Gibbs sampling
 * figure: a Gibbs sweep updates one coordinate at a time, so its path moves in axis-aligned
 * steps, while Metropolis jumps diagonally and stays put on a rejection. A ring marks each start;
 * a slider shows more of the path.
 */
function createPath(ctx: ViewContext): ArtifactView {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.className = 'gl-plot-canvas';
  const legend = document.createElement('div');
  legend.className = 'gl-legend';
  let steps = DEFAULT_STEPS;
  let last: { data: McmcPathData; colors: ThemeColors } | null = null;
  const slider = createSlider({
    label: 'Points', min: 2, max: MAX_STEPS, step: 1, value: steps, format: (v) => `first ${v}`,
    onInput: (v) => {
      steps = v;
      if (last) draw(last.data, last.colors);
    },
  });
  const content = document.createElement('div');
  content.append(canvas, legend, slider.element);

  const draw = (data: McmcPathData, colors: ThemeColors) => {
    last = { data, colors };
    const longest = Math.min(MAX_STEPS, Math.max(2, ...data.chains.map((path) => path.length)));
    const shown = Math.min(steps, longest);
    slider.setRange(2, longest);
    slider.setValue(shown);
    const side = Math.min(MAX_SIZE, content.clientWidth) - MARGIN.left - MARGIN.right;
    const g = side > 20 ? sizeCanvas(canvas, MARGIN.left + side + MARGIN.right, MARGIN.top + side + MARGIN.bottom) : null;
    if (!g) return;
    const a = linearAxes({ left: MARGIN.left, top: MARGIN.top, width: side, height: side }, [0, 1], [0, 1]);
    drawAxes(g, a, colors, { xLabel: data.parameters[0], yLabel: data.parameters[1], yTicks: true, grid: true });
    g.save();
    g.beginPath();
    g.rect(a.box.left, a.box.top, a.box.width, a.box.height);
    g.clip();
    data.chains.forEach((path, c) => {
      const color = colors.categories[c % colors.categories.length];
      const points = path.slice(0, shown).map(([x, y]) => [a.toX(x), a.toY(y)]);
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
    g.restore();
    legend.replaceChildren(...data.chains.map((_, c) =>
      legendItem(colors.categories[c % colors.categories.length], `chain ${c + 1}`, { shape: 'dot' })),
    legendItem(colors.foreground, 'start', { shape: 'ring' }));
  };


  return jsonView(ctx, {
    content, noun: 'path', parse: toMcmcPath, draw,
    shape: 'an MCMC path ({parameters: [θ1, θ2], chains: [[[θ1, θ2], …]]})',
    toPng: () => canvasToPng(canvas, ctx.colors().background),
    redrawOnResize: content,
  });
}

registerView({ name: 'path', kind: 'json', title: 'MCMC: first steps', order: 53, create: createPath });
