import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';
import { canvasToPng } from './canvasToPng';
import { sizeCanvas } from './hiDpiCanvas';
import { niceTicks } from './niceTicks';

/** One curve over the plot's shared x grid; null values are gaps. */
export interface Curve {
  label: string;
  color: string;
  width: number;
  dash?: number[];
  ys: ArrayLike<number | null>;
}

/** A shaded x range behind the curves (an MCMC chain's burn-in), named in its top-left corner. */
export interface XBand {
  from: number;
  to: number;
  label: string;
}

const HEIGHT = 260;
const MARGIN = { left: 44, right: 12, top: 10, bottom: 28 };

/**
 * Functions of x drawn on a canvas over one x grid (densities, a discriminator's output), with a
 * legend that reads every curve's value at the x under the mouse.
 */
export class CurvePlot {
  readonly element: HTMLElement;
  /** Public so a view of several plots can export them as one picture. */
  readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private xs: number[] = [];
  private curves: Curve[] = [];
  private band: XBand | null = null;
  private yMax = 1;
  private colors: ThemeColors | null = null;
  private hoverIndex: number | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(private readonly xLabel: string, private readonly height = HEIGHT) {
    this.element = document.createElement('div');
    this.element.className = 'gl-curve-plot';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend';
    this.element.append(this.canvas, this.legend);
    this.canvas.addEventListener('mousemove', (e) => this.setHover(this.indexAt(e.offsetX)));
    this.canvas.addEventListener('mouseleave', () => this.setHover(null));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(this.element);
  }

  /** Curves over `xs` (ascending), on a y axis from 0 to at least `yMin` and the curves' maximum. */
  setData(xs: number[], curves: Curve[], yMin: number, colors: ThemeColors, band: XBand | null = null): void {
    this.xs = xs;
    this.curves = curves;
    this.colors = colors;
    this.band = band;
    let max = yMin;
    for (const c of curves) for (let i = 0; i < c.ys.length; i++) max = Math.max(max, c.ys[i] ?? 0);
    this.yMax = max * 1.04;
    this.draw();
    this.renderLegend();
  }

  restyle(colors: ThemeColors): void {
    this.colors = colors;
    this.draw();
  }

  toPng(): string | null {
    return this.colors && this.xs.length ? canvasToPng(this.canvas, this.colors.background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }

  private geometry() {
    const width = this.element.clientWidth;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = this.height - MARGIN.top - MARGIN.bottom;
    const x0 = this.xs[0], x1 = this.xs[this.xs.length - 1];
    return {
      width, plotW, plotH,
      toX: (x: number) => MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * plotW,
      toY: (y: number) => MARGIN.top + plotH - (y / this.yMax) * plotH,
    };
  }

  private indexAt(px: number): number | null {
    if (this.xs.length < 2) return null;
    const { plotW } = this.geometry();
    const t = (px - MARGIN.left) / plotW;
    if (t < 0 || t > 1) return null;
    return Math.round(t * (this.xs.length - 1));
  }

  private setHover(index: number | null): void {
    if (index === this.hoverIndex) return;
    this.hoverIndex = index;
    this.draw();
    this.renderLegend();
  }

  private draw(): void {
    const { colors, xs } = this;
    const g = this.geometry();
    if (!colors || xs.length < 2 || g.width <= 0) return;
    const ctx = sizeCanvas(this.canvas, g.width, this.height);
    if (!ctx) return;
    ctx.font = colors.font;
    if (this.band) this.drawBand(ctx, this.band, g, colors);
    ctx.lineWidth = 1;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(xs[0], xs[xs.length - 1], Math.max(2, Math.floor(g.plotW / 70)))) {
      const x = Math.round(g.toX(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, MARGIN.top); ctx.lineTo(x, MARGIN.top + g.plotH); ctx.stroke();
      ctx.fillText(formatValue(t), x, MARGIN.top + g.plotH + 5);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(0, this.yMax, Math.max(2, Math.floor(g.plotH / 45)))) {
      const y = Math.round(g.toY(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(MARGIN.left, y); ctx.lineTo(MARGIN.left + g.plotW, y); ctx.stroke();
      ctx.fillText(formatValue(t), MARGIN.left - 6, y);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.xLabel, MARGIN.left + g.plotW, MARGIN.top + g.plotH - 3);

    for (const curve of this.curves) {
      ctx.strokeStyle = curve.color;
      ctx.lineWidth = curve.width;
      ctx.setLineDash(curve.dash ?? []);
      ctx.beginPath();
      let drawing = false;
      for (let i = 0; i < xs.length; i++) {
        const y = curve.ys[i];
        if (y === null || !Number.isFinite(y)) {
          drawing = false;
          continue;
        }
        if (drawing) ctx.lineTo(g.toX(xs[i]), g.toY(y));
        else ctx.moveTo(g.toX(xs[i]), g.toY(y));
        drawing = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (this.hoverIndex !== null) {
      const x = Math.round(g.toX(xs[this.hoverIndex])) + 0.5;
      ctx.strokeStyle = colors.muted;
      ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(x, MARGIN.top); ctx.lineTo(x, MARGIN.top + g.plotH); ctx.stroke();
    }
  }

  private drawBand(ctx: CanvasRenderingContext2D, band: XBand, g: ReturnType<CurvePlot['geometry']>, colors: ThemeColors): void {
    const left = Math.max(MARGIN.left, g.toX(band.from)), right = Math.min(MARGIN.left + g.plotW, g.toX(band.to));
    if (right <= left) return;
    ctx.fillStyle = colors.grid;
    ctx.fillRect(left, MARGIN.top, right - left, g.plotH);
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(band.label, left + 4, MARGIN.top + 3);
  }

  private renderLegend(): void {
    const i = this.hoverIndex;
    const items = this.curves.map((curve) => {
      const item = document.createElement('span');
      item.className = 'gl-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'gl-swatch';
      swatch.style.background = curve.color;
      if (curve.dash) swatch.classList.add('gl-swatch-dashed');
      const label = document.createElement('span');
      label.textContent = curve.label;
      item.append(swatch, label);
      if (i !== null) {
        const value = document.createElement('span');
        value.className = 'gl-legend-value';
        value.textContent = formatValue(curve.ys[i] ?? undefined);
        item.append(value);
      }
      return item;
    });
    if (i !== null) {
      const at = document.createElement('span');
      at.className = 'gl-legend-step';
      at.textContent = `${this.xLabel} = ${formatValue(this.xs[i])}`;
      items.unshift(at);
    }
    this.legend.replaceChildren(...items);
  }
}
