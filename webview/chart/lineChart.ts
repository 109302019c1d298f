import uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { withAlpha } from '../theme/color';
import { decimateLine } from './decimate';
import { canvasToPng } from './canvasToPng';
import { formatValue } from '../../src/shared/format';
import { logTicks } from './niceTicks';

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

export interface LineChartLook {
  logScale: boolean;
  colors: ThemeColors;
}

const PLOT_HEIGHT = 190;

/**
 * A uPlot chart fed with per-pixel-column decimated data: however long the series, uPlot draws a
 * few points per column. Drag to zoom into a step range (re-decimated at the new resolution),
 * double-click to zoom out.
 */
export class LineChart {
  readonly element: HTMLElement;
  private readonly plotHost: HTMLElement;
  private readonly legend: HTMLElement;
  private plot: uPlot | null = null;
  private signature = '';
  private lines: LineSpec[] = [];
  private look: LineChartLook | null = null;
  private zoom: { min: number; max: number } | null = null;
  /** Set while this class moves the x scale itself, so the zoom hook ignores it. */
  private applying = false;
  private width = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'gl-chart';
    this.plotHost = document.createElement('div');
    this.plotHost.className = 'gl-chart-plot';
    this.legend = document.createElement('div');
    this.legend.className = 'gl-legend';
    this.element.append(this.plotHost, this.legend);
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(this.plotHost);
  }

  update(lines: LineSpec[], look: LineChartLook): void {
    this.lines = lines;
    this.look = look;
    const signature = JSON.stringify([look.logScale, look.colors, lines.map((l) =>
      [l.label, l.color, l.width, l.alpha, l.dash, l.points])]);
    if (!this.plot || signature !== this.signature) {
      this.signature = signature;
      this.rebuild();
    } else {
      this.pushData();
    }
    this.showValues(null);
  }

  /** The chart as a PNG data URL on the theme's background, for Export. */
  toPng(): string | null {
    return this.plot && this.look ? canvasToPng(this.plot.ctx.canvas, this.look.colors.background) : null;
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.plot?.destroy();
    this.element.remove();
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    this.width = this.plotHost.clientWidth;
    if (!this.look || this.width === 0) return; // not laid out yet: the resize observer builds it
    const { colors, logScale } = this.look;
    const axis: uPlot.Axis = {
      stroke: colors.muted,
      font: colors.font,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.grid, width: 1 },
    };
    const opts: uPlot.Options = {
      width: this.width,
      height: PLOT_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      // uPlot pads a log axis out to whole decades; a loss between 150 and 550 would use a tenth of
      // the height. Fit the data instead, with a little room.
      scales: { x: { time: false }, y: logScale ? { distr: 3, log: 10, range: fitLogRange } : {} },
      axes: [{ ...axis }, { ...axis, size: 56, ...(logScale ? {
        // uPlot's log ticks assume whole decades; the fitted range needs its own.
        splits: (u: uPlot) => logTicks(u.scales.y.min ?? 1, u.scales.y.max ?? 10),
        values: (_u: uPlot, splits: number[]) => splits.map((v) => formatValue(v)),
      } : {}) }],
      series: [{}, ...this.lines.map((l): uPlot.Series => ({
        label: l.label,
        stroke: l.alpha === undefined ? l.color : withAlpha(l.color, l.alpha),
        width: l.width,
        dash: l.dash,
        spanGaps: true,
        points: { show: l.points ?? false, size: 5, fill: l.color },
      }))],
      hooks: {
        setScale: [(_u, key) => this.onScale(key)],
        setCursor: [(u) => this.showValues(u.cursor.left !== undefined && u.cursor.left >= 0
          ? u.posToVal(u.cursor.left, 'x') : null)],
      },
    };
    const data = this.buildData(this.width);
    this.plotHost.dataset.points = String(data[0].length);
    this.plot = new uPlot(opts, data, this.plotHost);
  }

  private pushData(): void {
    if (!this.plot) return;
    const plot = this.plot;
    this.applying = true;
    // One synchronous commit (uPlot otherwise defers drawing to a microtask): the redraw is done,
    // and measured, when this returns.
    const data = this.buildData(plot.bbox.width);
    // How many points uPlot was handed: shows decimation at work (the screenshot test reads it).
    this.plotHost.dataset.points = String(data[0].length);
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
    return tables.length ? uPlot.join(tables) : [[]];
  }

  private onScale(key: string): void {
    if (key !== 'x' || this.applying || !this.plot) return;
    const { min, max } = this.plot.scales.x;
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

  private onResize(): void {
    const width = this.plotHost.clientWidth;
    if (width === this.width || width === 0) return;
    this.width = width;
    if (!this.plot) {
      this.rebuild();
      return;
    }
    this.plot.setSize({ width, height: PLOT_HEIGHT });
    this.pushData();
  }

  /** Legend values at step `x` (the cursor's), or each line's last value. */
  private showValues(x: number | null): void {
    const rows = this.lines.filter((l) => l.inLegend).map((l) => {
      const i = x === null ? l.length - 1 : nearestIndex(l.xs, l.length, x);
      return { line: l, value: i >= 0 ? l.ys[i] : undefined, step: i >= 0 ? l.xs[i] : undefined };
    });
    const step = x === null ? undefined : rows.find((r) => r.step !== undefined)?.step;
    const items = rows.map(({ line, value }) => {
      const item = document.createElement('span');
      item.className = 'gl-legend-item';
      const swatch = document.createElement('span');
      swatch.className = 'gl-swatch';
      swatch.style.background = line.color;
      if (line.dash) swatch.classList.add('gl-swatch-dashed');
      const label = document.createElement('span');
      label.textContent = line.label;
      const number = document.createElement('span');
      number.className = 'gl-legend-value';
      number.textContent = formatValue(value);
      item.append(swatch, label, number);
      return item;
    });
    if (step !== undefined || this.zoom) {
      const at = document.createElement('span');
      at.className = 'gl-legend-step';
      at.textContent = step !== undefined ? `step ${step}`
        : `steps ${Math.round(this.zoom!.min)}–${Math.round(this.zoom!.max)} · double-click to zoom out`;
      items.unshift(at);
    }
    this.legend.replaceChildren(...items);
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

/** Index of the point whose x is closest to `x` (xs ascending). */
function nearestIndex(xs: ArrayLike<number>, length: number, x: number): number {
  if (length === 0) return -1;
  let lo = 0, hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1] < xs[lo] - x ? lo - 1 : lo;
}
