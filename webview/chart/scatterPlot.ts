import type uPlot from 'uplot';
import type { PriorDensityGrid } from '../../src/shared/protocol';
import type { ThemeColors } from '../theme/themeColors';
import { withAlpha } from '../theme/color';
import { extent } from 'd3-array';
import { quadtree, type Quadtree } from 'd3-quadtree';
import type { Box } from './axes';
import { legendItem } from './legend';
import { marksPlot, PlotFrame } from './plotFrame';

/** Labelled 2-D points, column-wise. `label[i]` indexes `labelNames`. */
export interface ScatterPoints {
  xs: Float64Array;
  ys: Float64Array;
  labels: Int32Array;
  labelNames: string[];
  /** A density the points should follow (a prior), shaded under them in the foreground colour. */
  prior?: PriorDensityGrid;
}

/** Opacity of the prior's densest bin: the shading stays behind the points. */
const PRIOR_ALPHA = 0.4;

/** uPlot's plot box inside the canvas: the y axis' 56 px on the left, the x axis' 28 px below, this padding. */
const PAD = { top: 10, right: 12 };
const AXES = { left: 56, bottom: 28 };
const HOVER_PX = 10;

/**
 * Labelled points with equal units on both axes (distances in a latent space mean something), one colour
 * per label, a legend that toggles labels, and a tooltip naming the point under the mouse. uPlot draws the
 * axes and grid; the points are drawn in its draw hook, and the nearest one is found in a d3 quadtree.
 */
export class ScatterPlot {
  private readonly frame = new PlotFrame('gl-scatter', (width) => this.heightAt(width), () => this.render());
  private readonly tooltip = document.createElement('div');
  private data: ScatterPoints | null = null;
  private colors: ThemeColors | null = null;
  private readonly hidden = new Set<number>();
  /** The drawn points' indices by their position on the plot box (CSS px), for the nearest one to the mouse. */
  private index: Quadtree<number> | null = null;
  private hovered = -1;

  constructor() {
    this.tooltip.className = 'gl-tooltip';
    this.tooltip.hidden = true;
    this.frame.host.classList.add('gl-scatter-stage');
    this.frame.host.append(this.tooltip);
    this.frame.legend.classList.add('gl-scatter-legend');
  }

  get element(): HTMLElement {
    return this.frame.element;
  }

  setData(data: ScatterPoints, colors: ThemeColors): void {
    this.data = data;
    this.colors = colors;
    this.hovered = -1;
    this.renderLegend();
    this.render();
  }

  restyle(colors: ThemeColors): void {
    this.colors = colors;
    this.renderLegend();
    this.render();
  }

  toPng(): string | null {
    return this.colors && this.data ? this.frame.toPng(this.colors.background) : null;
  }

  dispose(): void {
    this.frame.dispose();
  }

  private colorOf(label: number): string {
    const palette = this.colors?.categories ?? ['#888'];
    return palette[((label % palette.length) + palette.length) % palette.length];
  }

  /** The data's shape decides the height (equal units), within limits. */
  private heightAt(width: number): number {
    const b = this.data ? bounds(this.data) : { minX: -1, maxX: 1, minY: -1, maxY: 1 };
    const aspect = (b.maxY - b.minY) / (b.maxX - b.minX || 1);
    const plotW = width - AXES.left - PAD.right;
    return Math.round(Math.max(220, Math.min(width * 0.75, 520, plotW * aspect + PAD.top + AXES.bottom)));
  }

  /** Builds the plot at the host's width, with ranges that give both axes the same units per pixel. */
  private render(): void {
    const { data, colors } = this;
    const width = this.frame.host.clientWidth;
    if (!data || !colors || width === 0) return;
    const b = bounds(data);
    const plotW = width - AXES.left - PAD.right, plotH = this.heightAt(width) - PAD.top - AXES.bottom;
    const unitsPerPx = Math.max((b.maxX - b.minX) / plotW, (b.maxY - b.minY) / plotH) * 1.06 || 1;
    const cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2;
    const x: [number, number] = [cx - (plotW / 2) * unitsPerPx, cx + (plotW / 2) * unitsPerPx];
    const axes = { x, y: [cy - (plotH / 2) * unitsPerPx, cy + (plotH / 2) * unitsPerPx] as [number, number], yTicks: true, grid: true,
      spacing: [80, 60] as [number, number] };
    this.frame.show(marksPlot(colors, axes, (u, ctx, box) => this.drawPoints(u, ctx, box), {
      padding: [PAD.top, PAD.right, 0, 0],
      hooks: { setCursor: [(u) => this.onHover(u.cursor.left ?? -1, u.cursor.top ?? -1)] },
    }), () => [x]);
    const canvas = this.frame.plot?.ctx.canvas;
    canvas?.setAttribute('role', 'img');
    canvas?.setAttribute('aria-label', `Scatter of ${data.xs.length} points in ${data.labelNames.length} labels`);
  }

  private drawPoints(u: uPlot, ctx: CanvasRenderingContext2D, box: Box): void {
    const { data, colors } = this;
    if (!data || !colors) return;
    const n = data.xs.length;
    const px = new Float64Array(n), py = new Float64Array(n);
    const radius = n > 2000 ? 2 : 3;
    const alpha = colors.contrastBorder ? 1 : 0.75;
    const shown: number[] = [];
    if (data.prior) drawDensity(u, ctx, box, data.prior, colors.foreground);
    for (let i = 0; i < n; i++) {
      if (this.hidden.has(data.labels[i])) continue;
      shown.push(i);
      px[i] = u.valToPos(data.xs[i], 'x');
      py[i] = u.valToPos(data.ys[i], 'y');
      ctx.fillStyle = withAlpha(this.colorOf(data.labels[i]), alpha);
      ctx.beginPath();
      ctx.arc(box.left + px[i], box.top + py[i], radius, 0, 2 * Math.PI);
      ctx.fill();
    }
    if (shown.includes(this.hovered)) {
      ctx.strokeStyle = colors.contrastBorder || colors.foreground;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(box.left + px[this.hovered], box.top + py[this.hovered], radius + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    this.index = quadtree<number>().x((i) => px[i]).y((i) => py[i]).addAll(shown);
  }

  /** `left`, `top`: the mouse on the plot box in CSS px, negative when it is off the plot. */
  private onHover(left: number, top: number): void {
    const i = left < 0 ? -1 : this.index?.find(left, top, HOVER_PX) ?? -1;
    if (i === this.hovered) return;
    this.hovered = i;
    this.frame.plot?.redraw(false);
    const { data, frame } = this;
    if (i < 0 || !data || !frame.plot) {
      this.tooltip.hidden = true;
      return;
    }
    const name = document.createElement('strong');
    name.textContent = labelName(data, data.labels[i]);
    const coords = document.createElement('span');
    coords.textContent = ` (${data.xs[i].toFixed(2)}, ${data.ys[i].toFixed(2)})`;
    this.tooltip.replaceChildren(name, coords);
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${AXES.left + frame.plot.valToPos(data.xs[i], 'x') + 10}px`;
    this.tooltip.style.top = `${PAD.top + frame.plot.valToPos(data.ys[i], 'y') + 10}px`;
  }

  private renderLegend(): void {
    const data = this.data;
    if (!data) return;
    const counts = new Map<number, number>();
    for (const l of data.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const labels = [...counts.keys()].sort((a, b) => a - b);
    this.frame.legend.replaceChildren(...labels.map((label) => {
      const item = legendItem(this.colorOf(label), labelName(data, label), { shape: 'dot', value: String(counts.get(label)), button: true });
      item.classList.add('gl-legend-toggle');
      item.setAttribute('aria-pressed', String(!this.hidden.has(label)));
      item.title = `Show or hide ${labelName(data, label)}`;
      item.addEventListener('click', () => {
        if (this.hidden.has(label)) this.hidden.delete(label);
        else this.hidden.add(label);
        this.renderLegend();
        this.frame.plot?.redraw(false);
      });
      return item;
    }));
  }
}

function labelName(data: ScatterPoints, label: number): string {
  return data.labelNames[label] ?? String(label);
}

/** The points' extent, and the prior's range when there is one. */
function bounds(d: ScatterPoints) {
  const [rx, ry] = d.prior?.range ?? [[], []];
  const [minX, maxX] = extent([...d.xs, ...rx]), [minY, maxY] = extent([...d.ys, ...ry]);
  if (minX === undefined || maxX === undefined || minY === undefined || maxY === undefined) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  return { minX, maxX, minY, maxY };
}

/** The prior's bins in `color`, opacity growing with the square root of the density so that its tails still show. */
function drawDensity(u: uPlot, ctx: CanvasRenderingContext2D, box: Box, prior: PriorDensityGrid, color: string): void {
  const max = Math.max(...prior.density.flat());
  if (!(max > 0)) return;
  const [[x0, x1], [y0, y1]] = prior.range;
  const [dx, dy] = [(x1 - x0) / prior.bins, (y1 - y0) / prior.bins];
  const toX = (i: number) => box.left + u.valToPos(x0 + i * dx, 'x');
  const toY = (j: number) => box.top + u.valToPos(y0 + j * dy, 'y');
  prior.density.forEach((column, i) => column.forEach((value, j) => {
    if (!(value > 0)) return;
    ctx.fillStyle = withAlpha(color, PRIOR_ALPHA * Math.sqrt(value / max));
    // Half a pixel of overlap, so no seams show between bins.
    ctx.fillRect(toX(i), toY(j + 1), toX(i + 1) - toX(i) + 0.5, toY(j) - toY(j + 1) + 0.5);
  }));
}
