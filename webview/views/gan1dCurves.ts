import type { Gan1dCurvesData } from '../../src/shared/protocol';
import { LineChart } from '../chart/lineChart';
import { formatValue } from '../../src/shared/format';
import { toGan1dCurves } from '../model/modelArtifacts';
import type { ThemeColors } from '../theme/themeColors';
import { jsonView } from './jsonView';
import { registerView, type ArtifactView, type ViewContext } from './registry';
import '../styles/modelViews.css';

/**
 * The GAN paper's figure 1 at the epoch the slider picks: data density (black: the theme's text
 * colour, so it shows on dark backgrounds too), generator density (green), D(x) (blue) and the
 * optimal D*(x) (blue, dashed), with the Jensen–Shannon divergence and the game's value.
 */
function createGan1dCurves(ctx: ViewContext): ArtifactView {
  const plot = new LineChart({ xLabel: 'x', height: 260, className: 'gl-curve-plot' });
  const summary = document.createElement('p');
  summary.className = 'gl-view-summary';
  const content = document.createElement('div');
  content.append(plot.element, summary);

  const draw = (data: Gan1dCurvesData, colors: ThemeColors) => {
    const blue = colors.series[0], green = colors.series[2];
    const curve = (label: string, color: string, ys: number[], width = 2, dash?: number[]) =>
      ({ label, color, width, dash, ys, xs: data.x, length: data.x.length, inLegend: true });
    plot.update([
      curve('p_data', colors.foreground, data.pData),
      curve('p_g (KDE)', green, data.pG),
      curve('D(x)', blue, data.d),
      curve('D*(x) = p_data / (p_data + p_g)', blue, data.dStar.map((v) => v ?? NaN), 1.5, [6, 4]),
    ], { logScale: false, colors, yFromZero: 1 });
    summary.textContent = `step ${data.step} · JS(p_data ‖ p_g) = ${formatValue(data.js)} nats · ` +
      `V(D, G) = ${formatValue(data.value)} · max_D V = −log 4 + 2·JS = ${formatValue(data.optimalValue)} · ` +
      `at p_g = p_data: −log 4 = ${formatValue(data.referenceValue)}`;
  };

  return jsonView(ctx, {
    content, noun: 'curves', parse: toGan1dCurves, draw,
    shape: '1-D GAN curves ({x, pData, pG, d, dStar, …})',
    toPng: () => plot.toPng(),
    dispose: () => plot.dispose(),
  });
}

registerView({ name: 'gan1d-curves', kind: 'json', title: '1-D GAN: data, generator, D and D*', order: 35, wide: true,
  create: createGan1dCurves });
