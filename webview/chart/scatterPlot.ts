import type { ThemeColors } from '../theme/themeColors';
import { withAlpha } from '../theme/color';
import { extent } from 'd3-array';
import { quadtree, type Quadtree } from 'd3-quadtree';
import { drawAxes, linearAxes } from './axes';
import { canvasToPng } from './canvasToPng';
import { sizeCanvas } from './hiDpiCanvas';
import { legendItem } from './legend';

/** Labelled 2-D points, column-wise. `label[i]` indexes `labelNames`. */
export interface ScatterPoints {
  xs: Float64Array;
  ys: Float64Array;
  labels: Int32Array;
  labelNames: string[];
}

const MARGIN = { left: 44, right: 12, top: 10, bottom: 30 };
const HOVER_PX = 10;

/**
 * A canvas scatter plot with equal units on both axes (distances in a latent space mean something),
 * one colour per label, a legend that toggles labels, and a tooltip naming the point under the mouse.
 */
export class ScatterPlot {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly legend: HTMLElement;
  private data: ScatterPoints | null = null;
  private colors: ThemeColors | null = null;
  private readonly hidden = new Set<number>();
  /** The drawn points' indices by screen position, for the nearest one to the mouse. */
  private index: Quadtree<number> | null = null;
  /** Screen position (CSS px) of each point from the last draw; NaN for hidden ones. */
  private px = new Float64Array(0);
  private py = new Float64Array(0);
  private hovered = -1;
  private readonly resizeObserver: ResizeObserver;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gl-scatter';
    const stage = document.createElement('div');
    stage.className = 'gl-scatter-stage';
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'gl-tooltip';
    this.tooltip.hidden = true;
    stage.append(this.canvas, this.tooltip);
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend gl-scatter-legend';
    this.element.append(stage, this.legend);
    this.canvas.addEventListener('mousemove', (e) => this.onHover(e.offsetX, e.offsetY));
    this.canvas.addEventListener('mouseleave', () => this.setHovered(-1));
    this.resizeObserver = new ResizeObserver(() => this.draw());
    this.resizeObserver.observe(stage);
  }

  setData(data: ScatterPoints, colors: ThemeColors): void {
    this.data = data;
    this.colors = colors;
    this.hovered = -1;
    this.renderLegend();
    this.draw();
  }

  restyle(colors: ThemeColors): void {
    this.colors = colors;
    this.renderLegend();
    this.draw();
  }

  toPng(): string | null {
    return this.colors && this.data ? canvasToPng(this.canvas, this.colors.background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.element.remove();
  }

  private colorOf(label: number): string {
    const palette = this.colors?.categories ?? ['#888'];
    return palette[((label % palette.length) + palette.length) % palette.length];
  }

  private draw(): void {
    const { data, colors } = this;
    const size = this.canvas.parentElement?.clientWidth ?? 0;
    if (!data || !colors || size === 0) return;
    // Equal units on both axes; the height follows the data's shape, within limits.
    const b = bounds(data);
    const plotW = size - MARGIN.left - MARGIN.right;
    const aspect = (b.maxY - b.minY) / (b.maxX - b.minX || 1);
    const height = Math.round(Math.max(220, Math.min(size * 0.75, 520, plotW * aspect + MARGIN.top + MARGIN.bottom)));
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const ctx = sizeCanvas(this.canvas, size, height);
    if (!ctx) return;
    const unitsPerPx = Math.max((b.maxX - b.minX) / plotW, (b.maxY - b.minY) / plotH) * 1.06 || 1;
    const cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2;
    const a = linearAxes({ left: MARGIN.left, top: MARGIN.top, width: plotW, height: plotH },
      [cx - (plotW / 2) * unitsPerPx, cx + (plotW / 2) * unitsPerPx], [cy - (plotH / 2) * unitsPerPx, cy + (plotH / 2) * unitsPerPx]);
    drawAxes(ctx, a, colors, { yTicks: true, grid: true, frame: 'none', spacing: [80, 60] });

    const n = data.xs.length;
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    const radius = n > 2000 ? 2 : 3;
    const alpha = colors.contrastBorder ? 1 : 0.75;
    for (let i = 0; i < n; i++) {
      if (this.hidden.has(data.labels[i])) {
        this.px[i] = this.py[i] = NaN;
        continue;
      }
      const x = (this.px[i] = a.toX(data.xs[i]));
      const y = (this.py[i] = a.toY(data.ys[i]));
      ctx.fillStyle = withAlpha(this.colorOf(data.labels[i]), alpha);
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (this.hovered >= 0 && !Number.isNaN(this.px[this.hovered])) {
      ctx.strokeStyle = colors.contrastBorder || colors.foreground;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(this.px[this.hovered], this.py[this.hovered], radius + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    const { px, py } = this;
    this.index = quadtree<number>().x((i) => px[i]).y((i) => py[i])
      .addAll(Array.from({ length: n }, (_, i) => i).filter((i) => !Number.isNaN(px[i])));
    this.canvas.setAttribute('aria-label', `Scatter of ${n} points in ${data.labelNames.length} labels`);
  }

  private onHover(x: number, y: number): void {
    this.setHovered(this.index?.find(x, y, HOVER_PX) ?? -1);
  }

  private setHovered(i: number): void {
    if (i === this.hovered) return;
    this.hovered = i;
    this.draw();
    const data = this.data;
    if (i < 0 || !data) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren();
    const name = document.createElement('strong');
    name.textContent = labelName(data, data.labels[i]);
    const coords = document.createElement('span');
    coords.textContent = ` (${data.xs[i].toFixed(2)}, ${data.ys[i].toFixed(2)})`;
    this.tooltip.append(name, coords);
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${this.px[i] + 10}px`;
    this.tooltip.style.top = `${this.py[i] + 10}px`;
  }

  private renderLegend(): void {
    const data = this.data;
    if (!data) return;
    const counts = new Map<number, number>();
    for (const l of data.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const labels = [...counts.keys()].sort((a, b) => a - b);
    this.legend.replaceChildren(...labels.map((label) => {
      const item = legendItem(this.colorOf(label), labelName(data, label), { shape: 'dot', value: String(counts.get(label)), button: true });
      item.classList.add('gl-legend-toggle');
      item.setAttribute('aria-pressed', String(!this.hidden.has(label)));
      item.title = `Show or hide ${labelName(data, label)}`;
      item.addEventListener('click', () => {
        if (this.hidden.has(label)) this.hidden.delete(label);
        else this.hidden.add(label);
        this.renderLegend();
        this.draw();
      });
      return item;
    }));
  }
}

function labelName(data: ScatterPoints, label: number): string {
  return data.labelNames[label] ?? String(label);
}

function bounds(d: ScatterPoints) {
  const [minX, maxX] = extent(d.xs), [minY, maxY] = extent(d.ys);
  if (minX === undefined || maxX === undefined || minY === undefined || maxY === undefined) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  return { minX, maxX, minY, maxY };
}
