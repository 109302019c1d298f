import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';
import { withAlpha } from '../theme/color';
import { canvasToPng } from './canvasToPng';
import { sizeCanvas } from './hiDpiCanvas';
import { niceTicks } from './niceTicks';

/** One series of bars, one value per category; `outline` draws hollow bars (a reference to compare with). */
export interface BarSeries {
  label: string;
  color: string;
  style: 'fill' | 'outline';
  values: number[];
}

const HEIGHT = 240;
const MARGIN = { left: 44, right: 8, top: 10, bottom: 24 };

/** Grouped bars: per category, one bar for each series side by side, with a legend. */
export class BarChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private categories: string[] = [];
  private series: BarSeries[] = [];
  private colors: ThemeColors | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gl-bar-chart';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend';
    this.element.append(this.canvas, this.legend);
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this.element);
  }

  setData(categories: string[], series: BarSeries[], colors: ThemeColors): void {
    this.categories = categories;
    this.series = series;
    this.colors = colors;
    this.draw();
    this.legend.replaceChildren(...series.map((s) => {
      const item = document.createElement('span');
      item.className = 'gl-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'gl-swatch gl-swatch-dot';
      swatch.style.background = s.style === 'fill' ? s.color : 'transparent';
      swatch.style.boxShadow = `inset 0 0 0 1.5px ${s.color}`;
      const label = document.createElement('span');
      label.textContent = s.label;
      item.append(swatch, label);
      return item;
    }));
  }

  restyle(colors: ThemeColors): void {
    this.colors = colors;
    this.draw();
  }

  toPng(): string | null {
    return this.colors && this.categories.length ? canvasToPng(this.canvas, this.colors.background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  private draw(): void {
    const { colors, categories, series } = this;
    const width = this.element.clientWidth;
    if (!colors || categories.length === 0 || width <= 0) return;
    const ctx = sizeCanvas(this.canvas, width, HEIGHT);
    if (!ctx) return;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const max = Math.max(1e-12, ...series.flatMap((s) => s.values)) * 1.08;
    const toY = (v: number) => MARGIN.top + plotH - (v / max) * plotH;
    ctx.font = colors.font;
    ctx.lineWidth = 1;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(0, max, Math.max(2, Math.floor(plotH / 45)))) {
      const y = Math.round(toY(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(MARGIN.left, y); ctx.lineTo(MARGIN.left + plotW, y); ctx.stroke();
      ctx.fillText(formatValue(t), MARGIN.left - 6, y);
    }
    const group = plotW / categories.length;
    const barW = (group * 0.7) / series.length;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    categories.forEach((name, c) => {
      const left = MARGIN.left + c * group + group * 0.15;
      series.forEach((s, k) => {
        const x = left + k * barW, y = toY(s.values[c]);
        const h = MARGIN.top + plotH - y;
        if (s.style === 'fill') {
          ctx.fillStyle = s.color;
          ctx.fillRect(x + 1, y, barW - 2, h);
        } else {
          ctx.fillStyle = withAlpha(s.color, 0.12);
          ctx.fillRect(x + 1, y, barW - 2, h);
          ctx.strokeStyle = s.color;
          ctx.lineWidth = 1.5;
          ctx.strokeRect(x + 1.75, y + 0.75, barW - 3.5, h - 0.75);
        }
      });
      ctx.fillStyle = colors.muted;
      ctx.fillText(name, MARGIN.left + (c + 0.5) * group, MARGIN.top + plotH + 5);
    });
  }
}
