import uPlot from 'uplot';
import type { Box } from './axes';
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

  /** `onResize` runs after the plot took a new width (a chart that decimates to the width re-sends its data). */
  constructor(className: string, private readonly height: number, private readonly onResize?: (plot: uPlot) => void) {
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
      this.plot = new uPlot({ ...opts, width: this.width, height: this.height }, data(this.width), this.host);
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

  private resized(): void {
    const width = this.host.clientWidth;
    if (width === 0 || width === this.width) return;
    if (!this.plot) {
      this.build?.();
      return;
    }
    this.width = width;
    this.plot.setSize({ width, height: this.height });
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
