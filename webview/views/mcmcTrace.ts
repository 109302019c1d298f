import type { McmcTraceData } from '../../src/shared/protocol';
import { canvasesToPng } from '../chart/canvasToPng';
import { LineChart } from '../chart/lineChart';
import { withAlpha } from '../theme/color';
import type { ThemeColors } from '../theme/themeColors';
import { toMcmcTrace } from '../model/mcmcArtifacts';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

const PLOT_HEIGHT = 200;

/**
 * ArviZ's trace plot: per parameter, each chain's draws against the iteration, one colour per chain.
 * Chains that mix overlap into one band; one stuck apart shows at a glance. The burn-in the
 * estimates leave out is shaded, since the trace keeps it (the start is where chains disagree).
 */
function createTrace(ctx: ViewContext): ArtifactView {
  const content = document.createElement('div');
  const summary = document.createElement('p');
  summary.className = 'gl-view-summary';
  let plots: { caption: HTMLElement; plot: LineChart }[] = [];

  /** One plot per parameter, made again only when the parameters change. */
  const plotsFor = (parameters: string[]) => {
    if (plots.length !== parameters.length) {
      plots.forEach((p) => p.plot.dispose());
      plots = parameters.map(() => {
        const caption = document.createElement('h4');
        caption.className = 'gl-view-caption';
        return { caption, plot: new LineChart({ xLabel: 'iteration', height: PLOT_HEIGHT, className: 'gl-curve-plot' }) };
      });
      content.replaceChildren(...plots.flatMap((p) => [p.caption, p.plot.element]), summary);
    }
    return plots;
  };

  const draw = (data: McmcTraceData, colors: ThemeColors) => {
    const xs = data.chains[0].iteration;
    const band = data.burnIn > 0 ? { from: 0, to: data.burnIn, label: 'burn-in' } : null;
    plotsFor(data.parameters).forEach(({ caption, plot }, k) => {
      caption.textContent = data.parameters[k];
      // Slightly translucent, so where chains overlap none hides the others completely.
      plot.update(data.chains.map((chain, c) => ({
        label: `chain ${c + 1}`, color: withAlpha(colors.categories[c % colors.categories.length], 0.85), width: 1,
        xs, ys: chain.values[k], length: xs.length, inLegend: true,
      })), { logScale: false, colors, yFromZero: 1, band });
    });
    const every = xs.length > 1 ? xs[1] - xs[0] : 1;
    const burnIn = data.burnIn >= data.iterations ? ' · all burn-in so far (shaded): no estimates yet'
      : data.burnIn > 0 ? ` · first ${data.burnIn.toLocaleString('en-US')} are burn-in (shaded), left out of the estimates` : '';
    summary.textContent = `${data.chains.length} chains × ${data.iterations.toLocaleString('en-US')} iterations${burnIn}` +
      (every > 1 ? ` · 1 in ${every} iterations drawn` : '');
  };

  return jsonView(ctx, {
    content, noun: 'trace', parse: toMcmcTrace, draw,
    shape: 'an MCMC trace ({parameters, burnIn, iterations, chains: [{iteration, values}]})',
    toPng: () => canvasesToPng(plots.flatMap((p) => p.plot.canvas ?? []), ctx.colors().background),
    dispose: () => plots.forEach((p) => p.plot.dispose()),
  });
}

registerView({ name: 'trace', kind: 'json', title: 'MCMC: trace per chain', order: 52, wide: true, create: createTrace });
