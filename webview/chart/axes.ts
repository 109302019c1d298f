import { ticks } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import type uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';

/**
 * The one axes helper: tick values (d3's), the theme's look of a uPlot axis, and the same axes drawn
 * by hand on the canvases of views that are not uPlot charts (MCMC posteriors, paths, 2-D histograms).
 */

/** A rectangle in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Linear data ↔ pixel maps over a plot box; y grows upwards, as on paper. */
export interface Axes {
  box: Box;
  x: [number, number];
  y: [number, number];
  toX(v: number): number;
  toY(v: number): number;
  /** The data coordinates under a pixel. */
  fromPx(px: number, py: number): [number, number];
}

export function linearAxes(box: Box, x: [number, number], y: [number, number]): Axes {
  const sx = scaleLinear().domain(x).range([box.left, box.left + box.width]);
  const sy = scaleLinear().domain(y).range([box.top + box.height, box.top]);
  return { box, x, y, toX: sx, toY: sy, fromPx: (px, py) => [sx.invert(px), sy.invert(py)] };
}

/**
 * Ticks for a log axis over [min, max] (both > 0): 1, 2 and 5 × 10ⁿ, thinned to powers of ten when
 * the range spans many decades; inside a single decade, d3's round linear steps instead.
 */
export function logTicks(min: number, max: number, count = 5): number[] {
  if (!(min > 0) || !(max > min)) return ticks(min, max, count);
  const all = scaleLog().domain([min, max]).ticks(count);
  const mantissa = (t: number) => Number((t / 10 ** Math.floor(Math.log10(t) + 1e-9)).toPrecision(6));
  const round = all.filter((t) => [1, 2, 5].includes(mantissa(t)));
  if (round.length > count * 1.6) return round.filter((t) => mantissa(t) === 1);
  return round.length >= 2 ? round : all;
}

/** About one tick per `spacing` CSS pixels, and never fewer than two. */
const tickCount = (px: number, spacing: number) => Math.max(2, Math.floor(px / spacing));

/** A uPlot axis in the theme's colours with d3's ticks, one about every 70 px across and 45 px up. */
export function plotAxis(colors: ThemeColors, side: 'x' | 'y', more: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: colors.muted,
    font: colors.font,
    grid: { stroke: colors.grid, width: 1 },
    // Labels 5 px off the plot and no tick marks, as on the hand-drawn axes below.
    ticks: { show: false },
    gap: 5,
    size: side === 'x' ? 28 : 56,
    splits: (u, _axis, min, max) => ticks(min, max, tickCount(side === 'x' ? u.bbox.width : u.bbox.height, (side === 'x' ? 70 : 45) * devicePixelRatio)),
    values: (_u, splits) => splits.map((v) => formatValue(v)),
    ...more,
  };
}

export interface AxesLook {
  xLabel?: string;
  yLabel?: string;
  /** Ticks, labels and grid lines on the y axis too (a density's height often says nothing). */
  yTicks?: boolean;
  /** Grid lines across the box; off where cells fill it (a heat map). */
  grid?: boolean;
  /** A frame round the box (default), only the bottom axis line (ArviZ's posterior plots), or none (a scatter). */
  frame?: 'box' | 'bottom' | 'none';
  /** CSS pixels between ticks across and up (default 70 and 45). */
  spacing?: [number, number];
}

/** Tick labels 5 px off the box, the axis labels outside them, a frame round the box or a bottom line. */
export function drawAxes(ctx: CanvasRenderingContext2D, a: Axes, colors: ThemeColors, look: AxesLook): void {
  const { box } = a;
  const [across, up] = look.spacing ?? [70, 45];
  ctx.font = colors.font;
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.grid;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks(a.x[0], a.x[1], tickCount(box.width, across))) {
    const x = Math.round(a.toX(t)) + 0.5;
    if (look.grid) line(ctx, x, box.top, x, box.top + box.height);
    ctx.fillText(formatValue(t), x, box.top + box.height + 5);
  }
  if (look.yTicks) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(a.y[0], a.y[1], tickCount(box.height, up))) {
      const y = Math.round(a.toY(t)) + 0.5;
      if (look.grid) line(ctx, box.left, y, box.left + box.width, y);
      ctx.fillText(formatValue(t), box.left - 6, y);
    }
  }
  const bottom = Math.round(box.top + box.height) + 0.5;
  if (look.frame === 'bottom') line(ctx, box.left, bottom, box.left + box.width, bottom);
  else if (look.frame !== 'none') ctx.strokeRect(Math.round(box.left) + 0.5, Math.round(box.top) + 0.5, Math.round(box.width), Math.round(box.height));
  ctx.fillStyle = colors.foreground;
  if (look.xLabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(look.xLabel, box.left + box.width / 2, box.top + box.height + 22);
  }
  if (look.yLabel) {
    ctx.save();
    ctx.translate(box.left - 34, box.top + box.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(look.yLabel, 0, 0);
    ctx.restore();
  }
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
