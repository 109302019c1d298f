import uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { plotAxis, type Box } from './axes';
import { canvasToPng } from './canvasToPng';

/** uPlot's options less the size, which the frame gives: the host's width and the frame's height. */
export type PlotOptions = Omit<uPlot.Options, 'width' | 'height'>;

/**
 * What every uPlot chart of the panel shares: a host for the plot with a legend under it, a plot
 * built once the host has a width and resized with it, and the plot as a PNG for Export.
 */
export class PlotFrame {
  readonly element: HTMLElement;
  readonly host: HTMLElement;
  readonly legend: HTMLElement;
  plot: uPlot | null = null;
  private build: (() => void) | null = null;
  private width = 0;
  private readonly resizeObserver: ResizeObserver;

  /**
   * `height` may follow the width (a plot with equal units on both axes). `onResize` runs after the plot took a
   * new width (a chart that decimates to the width re-sends its data).
   */
  constructor(className: string, private readonly height: number | ((width: number) => number),
    private readonly onResize?: (plot: uPlot) => void) {
    this.element = document.createElement('div');
    this.element.className = className;
    this.host = document.createElement('div');
    this.host.className = 'gl-chart-plot';
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend';
    this.element.append(this.host, this.legend);
    this.resizeObserver = new ResizeObserver(() => this.resized());
    this.resizeObserver.observe(this.host);
  }

  /** Replaces the plot with one of `opts` over `data(width)`: now, or once the host is laid out. */
  show(opts: PlotOptions, data: (width: number) => uPlot.AlignedData): void {
    this.plot?.destroy();
    this.plot = null;
    this.build = () => {
      this.width = this.host.clientWidth;
      this.plot = new uPlot({ ...opts, width: this.width, height: this.heightAt(this.width) }, data(this.width), this.host);
    };
    if (this.host.clientWidth > 0) this.build();
  }

  toPng(background: string): string | null {
    return this.plot ? canvasToPng(this.plot.ctx.canvas, background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    this.element.remove();
  }

  private heightAt(width: number): number {
    return typeof this.height === 'number' ? this.height : this.height(width);
  }

  private resized(): void {
    const width = this.host.clientWidth;
    if (width === 0 || width === this.width) return;
    if (!this.plot) {
      this.build?.();
      return;
    }
    this.width = width;
    this.plot.setSize({ width, height: this.heightAt(width) });
    this.onResize?.(this.plot);
  }
}

/** Runs `draw` on a plot's canvas in CSS pixels, with the plotting area's box (for a hook that draws extras). */
export function drawInCssPixels(u: uPlot, draw: (ctx: CanvasRenderingContext2D, box: Box) => void): void {
  const r = uPlot.pxRatio, { ctx, bbox } = u;
  ctx.save();
  ctx.scale(r, r);
  draw(ctx, { left: bbox.left / r, top: bbox.top / r, width: bbox.width / r, height: bbox.height / r });
  ctx.restore();
}

/** The ranges and look of a plot whose marks a view draws itself (points, paths, cells) over uPlot's axes. */
export interface MarksAxes {
  x: [number, number];
  y: [number, number];
  xLabel?: string;
  yLabel?: string;
  /** Ticks and labels up the y axis too (a density's height often says nothing). */
  yTicks?: boolean;
  /** Grid lines across the plot; off where cells fill it. */
  grid?: boolean;
  /** CSS pixels between ticks across and up (default 70 and 45). */
  spacing?: [number, number];
}

/**
 * uPlot options for a view that draws its own marks: uPlot draws the axes and grid over the given ranges
 * (show with the data `[a.x]`, no series), then `draw` runs in CSS pixels with the plot's box.
 */
export function marksPlot(colors: ThemeColors, a: MarksAxes, draw: (u: uPlot, ctx: CanvasRenderingContext2D, box: Box) => void,
  more: Partial<PlotOptions> = {}): PlotOptions {
  const [across, up] = a.spacing ?? [70, 45];
  const grid = { show: a.grid ?? false, stroke: colors.grid, width: 1 };
  const label = (text: string | undefined) => (text ? { label: text, labelFont: colors.font, labelSize: 18, labelGap: 0 } : {});
  return {
    legend: { show: false },
    cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false } },
    scales: { x: { time: false, range: () => a.x }, y: { range: () => a.y } },
    axes: [
      plotAxis(colors, 'x', { grid, ...label(a.xLabel) }, across),
      // A named y axis is a parameter's, in [0, 1]: short tick labels, and room for the name beside them.
      a.yTicks ? plotAxis(colors, 'y', { grid, ...label(a.yLabel), ...(a.yLabel ? { size: 40 } : {}) }, up) : { show: false },
    ],
    series: [{}],
    ...more,
    hooks: { ...more.hooks, draw: [(u) => drawInCssPixels(u, (ctx, box) => draw(u, ctx, box))] },
  };
}
