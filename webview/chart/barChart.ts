import type uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { withAlpha } from '../theme/color';
import { plotAxis } from './axes';
import { legendItem, showLegend } from './legend';
import { PlotFrame } from './plotFrame';

/** One series of bars, one value per category; `outline` draws hollow bars (a reference to compare with). */
export interface BarSeries {
  label: string;
  color: string;
  style: 'fill' | 'outline';
  values: number[];
}

const HEIGHT = 240;
/** The share of a category's width its bars take together; the rest is the gap between categories. */
const GROUP = 0.7;

/** Grouped bars on uPlot: per category, one bar for each series side by side, with a legend. */
export class BarChart {
  private readonly frame = new PlotFrame('gl-bar-chart', HEIGHT);
  private last: { categories: string[]; series: BarSeries[]; colors: ThemeColors } | null = null;

  get element(): HTMLElement {
    return this.frame.element;
  }

  setData(categories: string[], series: BarSeries[], colors: ThemeColors): void {
    this.last = { categories, series, colors };
    const max = Math.max(1e-12, ...series.flatMap((s) => s.values)) * 1.08;
    this.frame.show({
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: [0, max] } },
      axes: [
        plotAxis(colors, 'x', { grid: { show: false }, ticks: { show: false }, splits: () => categories.map((_, c) => c),
          values: (_u, splits) => splits.map((c) => categories[c] ?? '') }),
        plotAxis(colors, 'y', { size: 44 }),
      ],
      series: [{}, ...series.map((s, k): uPlot.Series => ({
        stroke: s.color, width: s.style === 'outline' ? 1.5 : 0,
        fill: s.style === 'fill' ? s.color : withAlpha(s.color, 0.12),
        points: { show: false }, paths: groupedBars(k, series.length, s.style === 'outline'),
      }))],
    }, () => [categories.map((_, c) => c), ...series.map((s) => s.values)]);
    showLegend(this.frame.legend, series.map((s) => legendItem(s.color, s.label, { shape: s.style === 'fill' ? 'dot' : 'ring' })));
  }

  restyle(colors: ThemeColors): void {
    if (this.last) this.setData(this.last.categories, this.last.series, colors);
  }

  toPng(): string | null {
    return this.last ? this.frame.toPng(this.last.colors.background) : null;
  }

  dispose(): void {
    this.frame.dispose();
  }
}

/** uPlot paths for series `k` of `count`: its bar in each category's group, a pixel apart from its neighbours. */
function groupedBars(k: number, count: number, outlined: boolean): uPlot.Series.PathBuilder {
  return (u, seriesIdx) => {
    const bars = new Path2D();
    const step = u.valToPos(1, 'x', true) - u.valToPos(0, 'x', true);
    const barW = (step * GROUP) / count, base = u.valToPos(0, 'y', true), gap = devicePixelRatio;
    (u.data[seriesIdx] as number[]).forEach((v, c) => {
      const x = u.valToPos(c, 'x', true) - (step * GROUP) / 2 + k * barW, y = u.valToPos(v, 'y', true);
      bars.rect(x + gap, y, barW - 2 * gap, base - y);
    });
    return { fill: bars, stroke: outlined ? bars : null };
  };
}
