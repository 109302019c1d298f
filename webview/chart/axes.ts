import { ticks } from 'd3-array';
import { scaleLog } from 'd3-scale';
import type uPlot from 'uplot';
import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';

/** The one axes helper: tick values (d3's) and the theme's look of a uPlot axis. */

/** A rectangle in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
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

/** A uPlot axis in the theme's colours with d3's ticks, one about every `spacing` CSS px (70 across, 45 up). */
export function plotAxis(colors: ThemeColors, side: 'x' | 'y', more: uPlot.Axis = {}, spacing = side === 'x' ? 70 : 45): uPlot.Axis {
  return {
    stroke: colors.muted,
    font: colors.font,
    grid: { stroke: colors.grid, width: 1 },
    // Labels 5 px off the plot and no tick marks.
    ticks: { show: false },
    gap: 5,
    size: side === 'x' ? 28 : 56,
    splits: (u, _axis, min, max) => ticks(min, max, tickCount(side === 'x' ? u.bbox.width : u.bbox.height, spacing * devicePixelRatio)),
    values: (_u, splits) => splits.map((v) => formatValue(v)),
    ...more,
  };
}
