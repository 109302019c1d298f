import { bisectCenter } from 'd3-array';
import uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { withAlpha } from '../theme/color';
import { formatValue } from '../../src/shared/format';
import { logTicks, plotAxis } from './axes';
import { decimateLine } from './decimate';
import { legendItem, showLegend } from './legend';
import { drawInCssPixels, PlotFrame } from './plotFrame';

/** One line of a chart, read straight from a series' arrays (first `length` entries). */
export interface LineSpec {
  label: string;
  color: string;
  width: number;
  /** Opacity of the stroke: raw curves are drawn faintly under their smoothed version. */
  alpha?: number;
  dash?: number[];
  /** Marks at the points (epoch metrics have few, and each matters). */
  points?: boolean;
  /** Listed in the legend with its value under the cursor. */
  inLegend: boolean;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  length: number;
}

/** A vertical line at one x (the epoch the panel's slider shows), named at its top. */
export interface XMarker {
  x: number;
  label: string;
}

/** A shaded x range behind the lines (an MCMC chain's burn-in), named in its top-left corner. */
export interface XBand {
  from: number;
  to: number;
  label: string;
}

export interface LineChartLook {
  logScale: boolean;
  colors: ThemeColors;
  /** A y axis from 0 up to at least this (densities, probabilities), instead of fitted to the data. */
  yFromZero?: number;
  band?: XBand | null;
}

export interface LineChartOptions {
  /** The x axis' name, drawn in the plot's corner and read out in the legend; training curves' x is the step. */
  xLabel?: string;
  height?: number;
  className?: string;
}

/**
 * A uPlot chart fed with per-pixel-column decimated data: however long the series, uPlot draws a
 * few points per column. Drag to zoom into an x range (re-decimated at the new resolution),
 * double-click to zoom out. The legend reads the lines' values under the cursor.
 */
export class LineChart {
  private readonly frame: PlotFrame;
  private signature = '';
  private lines: LineSpec[] = [];
  private look: LineChartLook | null = null;
  private zoom: { min: number; max: number } | null = null;
  private marker: XMarker | null = null;
  /** Set while this class moves the x scale itself, so the zoom hook ignores it. */
  private applying = false;

  constructor(private readonly options: LineChartOptions = {}) {
    this.frame = new PlotFrame(options.className ?? 'gl-chart', options.height ?? 190, () => this.pushData());
  }

  get element(): HTMLElement {
    return this.frame.element;
  }

  /** The plot's canvas, for a view of several charts that exports them as one picture. */
  get canvas(): HTMLCanvasElement | null {
    return this.frame.plot?.ctx.canvas ?? null;
  }

  update(lines: LineSpec[], look: LineChartLook): void {
    this.lines = lines;
    this.look = look;
    const signature = JSON.stringify([look.logScale, look.colors, look.yFromZero, look.band, lines.map((l) =>
      [l.label, l.color, l.width, l.alpha, l.dash, l.points])]);
    if (!this.frame.plot || signature !== this.signature) {
      this.signature = signature;
      this.rebuild();
    } else {
      this.pushData();
    }
    this.showValues(null);
  }

  /** Moves the marker (or takes it away) without rebuilding: only the plot's draw hooks run again. */
  setMarker(marker: XMarker | null): void {
    if (marker?.x === this.marker?.x && marker?.label === this.marker?.label) return;
    this.marker = marker;
    this.frame.host.dataset.marker = marker ? String(marker.x) : '';
    this.frame.plot?.redraw(false);
  }

  /** The chart as a PNG data URL on the theme's background, for Export. */
  toPng(): string | null {
    return this.look ? this.frame.toPng(this.look.colors.background) : null;
  }

  dispose(): void {
    this.frame.dispose();
  }

  private rebuild(): void {
    if (!this.look) return;
    const { colors, logScale, yFromZero, band } = this.look;
    const { xLabel } = this.options;
    // uPlot pads a log axis out to whole decades; a loss between 150 and 550 would use a tenth of
    // the height. Fit the data instead, with a little room (and ticks of its own: uPlot's assume whole decades).
    const y: uPlot.Scale = logScale ? { distr: 3, log: 10, range: fitLogRange }
      : yFromZero !== undefined ? { range: (_u, _min, max) => [0, Math.max(yFromZero, max ?? 0) * 1.04] } : {};
    const yAxis: uPlot.Axis = logScale ? { splits: (u) => logTicks(u.scales.y.min ?? 1, u.scales.y.max ?? 10) } : {};
    this.frame.show({
      // Smooth functions of x at their exact positions: pixel-aligned, a density looks stepped.
      pxAlign: xLabel ? 0 : 1,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: false }, y },
      axes: [plotAxis(colors, 'x'), plotAxis(colors, 'y', xLabel ? { size: 44, ...yAxis } : yAxis)],
      series: [{}, ...this.lines.map((l): uPlot.Series => ({
        label: l.label,
        stroke: l.alpha === undefined ? l.color : withAlpha(l.color, l.alpha),
        width: l.width,
        dash: l.dash,
        spanGaps: true,
        points: { show: l.points ?? false, size: 5, fill: l.color },
      }))],
      hooks: {
        drawClear: band ? [(u) => drawBand(u, band, colors)] : [],
        draw: [(u) => this.marker && drawMarker(u, this.marker, colors), ...(xLabel ? [(u: uPlot) => drawXLabel(u, xLabel, colors)] : [])],
        setScale: [(_u, key) => this.onScale(key)],
        setCursor: [(u) => this.showValues(u.cursor.left !== undefined && u.cursor.left >= 0
          ? u.posToVal(u.cursor.left, 'x') : null)],
      },
    }, (width) => this.buildData(width));
  }

  private pushData(): void {
    const plot = this.frame.plot;
    if (!plot) return;
    this.applying = true;
    // One synchronous commit (uPlot otherwise defers drawing to a microtask): the redraw is done,
    // and measured, when this returns.
    const data = this.buildData(plot.bbox.width);
    plot.batch(() => {
      plot.setData(data, this.zoom === null);
      if (this.zoom) plot.setScale('x', this.zoom);
    });
    this.applying = false;
  }

  /**
   * Decimates every line over the visible range into `columns` pixel columns and aligns them on one
   * x axis. The first and last points always stay in, so the data's extent is the whole run and
   * uPlot's double-click zooms out to all of it.
   */
  private buildData(columns: number): uPlot.AlignedData {
    const full = fullRange(this.lines);
    const range = this.zoom ?? full;
    const log = this.look?.logScale ?? false;
    const tables = this.lines.map((l): uPlot.AlignedData => {
      const d = decimateLine(l.xs, l.ys, l.length, { xMin: range.min, xMax: range.max, columns, positiveOnly: log });
      if (this.zoom && l.length > 0) {
        const last = l.length - 1;
        if (d.xs[0] !== l.xs[0] && usable(l.ys[0], log)) { d.xs.unshift(l.xs[0]); d.ys.unshift(l.ys[0]); }
        if (d.xs[d.xs.length - 1] !== l.xs[last] && usable(l.ys[last], log)) { d.xs.push(l.xs[last]); d.ys.push(l.ys[last]); }
      }
      return [d.xs, d.ys];
    });
    const data: uPlot.AlignedData = tables.length ? uPlot.join(tables) : [[]];
    // How many points uPlot is handed: shows decimation at work (the screenshot test reads it).
    this.frame.host.dataset.points = String(data[0].length);
    return data;
  }

  private onScale(key: string): void {
    if (key !== 'x' || this.applying || !this.frame.plot) return;
    const { min, max } = this.frame.plot.scales.x;
    if (min === undefined || max === undefined) return;
    const full = fullRange(this.lines);
    const zoomed = min > full.min || max < full.max;
    if (!zoomed && !this.zoom) return;
    this.zoom = zoomed ? { min, max } : null;
    // uPlot is mid-update inside this hook; re-decimate for the new range after it finishes.
    requestAnimationFrame(() => {
      this.pushData();
      this.showValues(null);
    });
  }

  /** Legend values at `x` (the cursor's); away from the plot, each training curve's last value. */
  private showValues(x: number | null): void {
    const { xLabel } = this.options;
    const rows = this.lines.filter((l) => l.inLegend).map((l) => {
      const i = x === null ? (xLabel ? -1 : l.length - 1) : l.length === 0 ? -1 : bisectCenter(l.xs, x, 0, l.length);
      return { line: l, value: i >= 0 ? formatValue(l.ys[i]) : xLabel ? undefined : formatValue(undefined), at: i >= 0 ? l.xs[i] : undefined };
    });
    const at = x === null ? undefined : rows.find((r) => r.at !== undefined)?.at;
    const range = (z: { min: number; max: number }) => (xLabel ? `${xLabel} ${formatValue(z.min)}–${formatValue(z.max)}`
      : `steps ${Math.round(z.min)}–${Math.round(z.max)}`);
    showLegend(this.frame.legend, rows.map(({ line, value }) =>
      legendItem(line.color, line.label, { shape: line.dash ? 'dashed' : 'line', value })),
    at !== undefined ? (xLabel ? `${xLabel} = ${formatValue(at)}` : `step ${at}`)
      : this.zoom ? `${range(this.zoom)} · double-click to zoom out` : undefined);
  }
}

function fullRange(lines: LineSpec[]): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (const l of lines) {
    if (l.length === 0) continue;
    min = Math.min(min, l.xs[0]);
    max = Math.max(max, l.xs[l.length - 1]);
  }
  return min <= max ? { min, max } : { min: 0, max: 1 };
}

function fitLogRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null || !(min > 0)) return [1, 10];
  return min === max ? [min / 2, max * 2] : [min / 1.08, max * 1.08];
}

function usable(y: number, log: boolean): boolean {
  return Number.isFinite(y) && (!log || y > 0);
}

/** The band behind the lines (uPlot's drawClear hook: after the clear, before grid and series). */
function drawBand(u: uPlot, band: XBand, colors: ThemeColors): void {
  drawInCssPixels(u, (ctx, box) => {
    const left = Math.max(box.left, box.left + u.valToPos(band.from, 'x'));
    const right = Math.min(box.left + box.width, box.left + u.valToPos(band.to, 'x'));
    if (right <= left) return;
    ctx.fillStyle = colors.grid;
    ctx.fillRect(left, box.top, right - left, box.height);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(band.label, left + 4, box.top + 3);
  });
}

/** The x axis' name inside the plot's bottom-right corner, where it takes no height from the plot. */
function drawXLabel(u: uPlot, label: string, colors: ThemeColors): void {
  drawInCssPixels(u, (ctx, box) => {
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(label, box.left + box.width, box.top + box.height - 3);
  });
}

/** The marker: a dashed vertical line across the plot at its x, its label beside the top. */
function drawMarker(u: uPlot, marker: XMarker, colors: ThemeColors): void {
  drawInCssPixels(u, (ctx, box) => {
    const x = box.left + u.valToPos(marker.x, 'x');
    if (x < box.left || x > box.left + box.width) return;
    ctx.strokeStyle = colors.muted;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, box.top);
    ctx.lineTo(Math.round(x) + 0.5, box.top + box.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = colors.font;
    ctx.fillStyle = colors.muted;
    ctx.textAlign = x > box.left + box.width - 60 ? 'right' : 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(marker.label, x + (ctx.textAlign === 'right' ? -4 : 4), box.top + 2);
  });
}
