import type uPlot from 'uplot';
import type { McmcPosteriorData } from '../../src/shared/protocol';
import type { Box } from '../chart/axes';
import { canvasesToPng } from '../chart/canvasToPng';
import { legendItem } from '../chart/legend';
import { marksPlot, PlotFrame } from '../chart/plotFrame';
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
/** Room above the plot box for the parameter's name and the mean, and on either side. */
const PADDING: uPlot.Padding = [30, 14, 0, 14];
/** The plot box's height: the plot's less the top padding and the x axis. */
const BOX_HEIGHT = HEIGHT - 30 - 28;

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
  let panels: { frame: PlotFrame; note: HTMLElement }[] = [];

  const panelsFor = (count: number) => {
    if (panels.length !== count) {
      panels.forEach((p) => p.frame.dispose());
      panels = Array.from({ length: count }, () => {
        const note = document.createElement('p');
        note.className = 'gl-view-summary';
        return { frame: new PlotFrame('gl-mcmc-posterior', HEIGHT), note };
      });
      panes.replaceChildren(...panels.map(({ frame, note }) => {
        const pane = document.createElement('div');
        pane.append(frame.element, note);
        return pane;
      }));
    }
    return panels;
  };

  const draw = (data: McmcPosteriorData, colors: ThemeColors) => {
    const histogramColor = colors.series[0], exactColor = colors.series[1];
    panelsFor(data.parameters.length).forEach(({ frame, note }, k) => {
      const p = data.parameters[k];
      const { edges, density } = p.histogram;
      const yMax = Math.max(...density, ...p.exact.density) * 1.05;
      // Below the histogram's base, a strip for the HDI bar and its end values.
      const axes = { x: [Math.min(edges[0], p.exact.x[0]), Math.max(edges[edges.length - 1], p.exact.x[p.exact.x.length - 1])] as [number, number],
        y: [-(yMax * HDI_STRIP) / (BOX_HEIGHT - HDI_STRIP), yMax] as [number, number] };
      frame.show(marksPlot(colors, axes, (u, g, box) => drawPanel(u, g, box, p, data.hdiProb, yMax, colors, histogramColor, exactColor),
        { padding: PADDING }), () => [axes.x]);
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
    toPng: () => canvasesToPng(panels.flatMap((p) => p.frame.plot?.ctx.canvas ?? []), ctx.colors().background),
    dispose: () => panels.forEach((p) => p.frame.dispose()),
  });
}

/** The draws' histogram and the exact density over it, the HDI bar under the base, the name and the mean on top. */
function drawPanel(u: uPlot, g: CanvasRenderingContext2D, box: Box, p: Parameter, hdiProb: number, yMax: number, colors: ThemeColors,
  histogramColor: string, exactColor: string): void {
  const { edges, density } = p.histogram;
  const toX = (v: number) => box.left + u.valToPos(v, 'x'), toY = (v: number) => box.top + u.valToPos(v, 'y');
  const bottom = Math.round(box.top + box.height) + 0.5;
  g.strokeStyle = colors.grid;
  g.lineWidth = 1;
  g.beginPath();
  g.moveTo(box.left, bottom);
  g.lineTo(box.left + box.width, bottom);
  g.stroke();

  const base = toY(0);
  g.fillStyle = withAlpha(histogramColor, 0.45);
  g.strokeStyle = withAlpha(histogramColor, 0.9);
  g.lineWidth = 1;
  density.forEach((d, i) => {
    if (d <= 0) return;
    const x0 = toX(edges[i]), x1 = toX(edges[i + 1]), y = toY(d);
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
    const y = toY(Math.min(p.exact.density[i], yMax));
    if (i === 0) g.moveTo(toX(v), y);
    else g.lineTo(toX(v), y);
  });
  g.stroke();

  // The HDI bar in the strip, its end values above its ends and the mass it holds above its middle.
  const barY = box.top + box.height - 8, left = toX(p.hdi[0]), right = toX(p.hdi[1]);
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
