import type { ThemeColors } from '../theme/themeColors';
import { formatValue } from '../../src/shared/format';
import { niceTicks } from './niceTicks';

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
  const sx = box.width / (x[1] - x[0] || 1), sy = box.height / (y[1] - y[0] || 1);
  return {
    box, x, y,
    toX: (v) => box.left + (v - x[0]) * sx,
    toY: (v) => box.top + box.height - (v - y[0]) * sy,
    fromPx: (px, py) => [x[0] + (px - box.left) / sx, y[0] + (box.top + box.height - py) / sy],
  };
}

export interface AxesLook {
  xLabel?: string;
  yLabel?: string;
  /** Ticks, labels and grid lines on the y axis too (a density's height often says nothing). */
  yTicks?: boolean;
  /** Grid lines across the box; off where cells fill it (a heat map). */
  grid?: boolean;
  /** A frame round the box (default), or only the bottom axis line (ArviZ's posterior plots). */
  frame?: 'box' | 'bottom';
}

/** Tick labels 5 px off the box, the axis labels outside them, a frame round the box or a bottom line. */
export function drawAxes(ctx: CanvasRenderingContext2D, a: Axes, colors: ThemeColors, look: AxesLook): void {
  const { box } = a;
  ctx.font = colors.font;
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.grid;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(a.x[0], a.x[1], Math.max(2, Math.floor(box.width / 70)))) {
    const x = Math.round(a.toX(t)) + 0.5;
    if (look.grid) line(ctx, x, box.top, x, box.top + box.height);
    ctx.fillText(formatValue(t), x, box.top + box.height + 5);
  }
  if (look.yTicks) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(a.y[0], a.y[1], Math.max(2, Math.floor(box.height / 45)))) {
      const y = Math.round(a.toY(t)) + 0.5;
      if (look.grid) line(ctx, box.left, y, box.left + box.width, y);
      ctx.fillText(formatValue(t), box.left - 6, y);
    }
  }
  const bottom = Math.round(box.top + box.height) + 0.5;
  if (look.frame === 'bottom') line(ctx, box.left, bottom, box.left + box.width, bottom);
  else ctx.strokeRect(Math.round(box.left) + 0.5, Math.round(box.top) + 0.5, Math.round(box.width), Math.round(box.height));
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
