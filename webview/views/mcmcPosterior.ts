import type { McmcPosteriorData } from '../../src/shared/protocol';
import { drawAxes, linearAxes } from '../chart/axes';
import { canvasesToPng } from '../chart/canvasToPng';
import { sizeCanvas } from '../chart/hiDpiCanvas';
import { legendItem } from '../chart/legend';
import { formatValue } from '../../src/shared/format';
import { withAlpha } from '../theme/color';
import type { ThemeColors } from '../theme/themeColors';
import { toMcmcPosterior } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

type Parameter = McmcPosteriorData['parameters'][number];

const HEIGHT = 270;
/** The strip under the histogram's base holds the HDI bar and its end values, clear of the bars. */
const HDI_STRIP = 30;
const MARGIN = { left: 14, right: 14, top: 30, bottom: 24 };

/** Three significant digits, as ArviZ labels its plots: enough to compare with the exact values. */
const short = (v: number) => formatValue(Number(v.toPrecision(3)));

/**
 * ArviZ's `plot_posterior` per parameter: the draws' histogram (as a density), the exact Beta
 * posterior over it, the draws' 94% HDI as a bar with its end values, and the mean on top. The
 * exact mean, sd and HDI are printed under each plot, so the estimate can be checked by eye.
 */
function createPosterior(ctx: ViewContext): ArtifactView {
  const panes = document.createElement('div');
  panes.className = 'gl-view-panes';
  const legend = document.createElement('div');
  legend.className = 'gl-legend';
  const content = document.createElement('div');
  content.append(panes, legend);
  let panels: { canvas: HTMLCanvasElement; note: HTMLElement }[] = [];

  const panelsFor = (count: number) => {
    if (panels.length !== count) {
      panels = Array.from({ length: count }, () => {
        const canvas = document.createElement('canvas');
        canvas.setAttribute('role', 'img');
        canvas.className = 'gl-plot-canvas';
        const note = document.createElement('p');
        note.className = 'gl-view-summary';
        return { canvas, note };
      });
      panes.replaceChildren(...panels.map(({ canvas, note }) => {
        const pane = document.createElement('div');
        pane.append(canvas, note);
        return pane;
      }));
    }
    return panels;
  };

  const draw = (data: McmcPosteriorData, colors: ThemeColors) => {
    const histogramColor = colors.series[0], exactColor = colors.series[1];
    panelsFor(data.parameters.length).forEach(({ canvas, note }, k) => {
      const p = data.parameters[k];
      drawPanel(canvas, p, data.hdiProb, colors, histogramColor, exactColor);
      note.textContent = `exact Beta(${short(p.exact.alpha)}, ${short(p.exact.beta)}): mean ${short(p.exact.mean)}, ` +
        `sd ${short(p.exact.sd)}, ${Math.round(data.hdiProb * 100)}% HDI [${short(p.exact.hdi[0])}, ${short(p.exact.hdi[1])}]`;
    });
    legend.replaceChildren(
      legendItem(withAlpha(histogramColor, 0.6), 'draws after burn-in, all chains (histogram)', { shape: 'box' }),
      legendItem(exactColor, 'exact Beta posterior density'),
      legendItem(colors.foreground, `${Math.round(data.hdiProb * 100)}% HDI of the draws`),
    );
  };


  return jsonView(ctx, {
    content, noun: 'posterior', parse: toMcmcPosterior, draw,
    shape: 'MCMC posteriors ({hdiProb, parameters: [{name, mean, sd, hdi, histogram, exact}]})',
    toPng: () => canvasesToPng(panels.map((p) => p.canvas), ctx.colors().background),
    redrawOnResize: panes,
  });
}

function drawPanel(canvas: HTMLCanvasElement, p: Parameter, hdiProb: number, colors: ThemeColors,
  histogramColor: string, exactColor: string): void {
  const width = canvas.parentElement?.clientWidth ?? 0;
  const g = width > 0 ? sizeCanvas(canvas, width, HEIGHT) : null;
  if (!g) return;
  const { edges, density } = p.histogram;
  const x: [number, number] = [Math.min(edges[0], p.exact.x[0]), Math.max(edges[edges.length - 1], p.exact.x[p.exact.x.length - 1])];
  const yMax = Math.max(...density, ...p.exact.density) * 1.05;
  const box = { left: MARGIN.left, top: MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
  const a = linearAxes(box, x, [-(yMax * HDI_STRIP) / (box.height - HDI_STRIP), yMax]);
  drawAxes(g, a, colors, { frame: 'bottom' });

  const base = a.toY(0);
  g.fillStyle = withAlpha(histogramColor, 0.45);
  g.strokeStyle = withAlpha(histogramColor, 0.9);
  g.lineWidth = 1;
  density.forEach((d, i) => {
    if (d <= 0) return;
    const x0 = a.toX(edges[i]), x1 = a.toX(edges[i + 1]), y = a.toY(d);
    g.fillRect(x0, y, x1 - x0, base - y);
    g.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, base - y);
  });
  g.strokeStyle = colors.grid;
  g.beginPath();
  g.moveTo(box.left, Math.round(base) + 0.5);
  g.lineTo(box.left + box.width, Math.round(base) + 0.5);
  g.stroke();

  g.strokeStyle = exactColor;
  g.lineWidth = 2;
  g.beginPath();
  p.exact.x.forEach((v, i) => {
    const y = a.toY(Math.min(p.exact.density[i], yMax));
    if (i === 0) g.moveTo(a.toX(v), y);
    else g.lineTo(a.toX(v), y);
  });
  g.stroke();

  // The HDI bar in the strip, its end values above its ends and the mass it holds above its middle.
  const barY = box.top + box.height - 8, left = a.toX(p.hdi[0]), right = a.toX(p.hdi[1]);
  g.strokeStyle = colors.foreground;
  g.lineWidth = 4;
  g.beginPath();
  g.moveTo(left, barY);
  g.lineTo(right, barY);
  g.stroke();
  g.font = colors.font;
  g.fillStyle = colors.foreground;
  g.textBaseline = 'bottom';
  g.textAlign = 'center';
  g.fillText(short(p.hdi[0]), left, barY - 4);
  g.fillText(short(p.hdi[1]), right, barY - 4);
  g.fillStyle = colors.muted;
  g.fillText(`${Math.round(hdiProb * 100)}% HDI`, (left + right) / 2, barY - 4);

  g.fillStyle = colors.foreground;
  g.textBaseline = 'top';
  g.fillText(`mean = ${short(p.mean)}`, box.left + box.width / 2, 4);
  g.textAlign = 'left';
  g.font = `600 ${colors.font}`;
  g.fillText(p.name, box.left, 4);
}

registerView({ name: 'posterior', kind: 'json', title: 'MCMC: marginal posteriors against the exact Beta', order: 50, wide: true,
  create: createPosterior });
