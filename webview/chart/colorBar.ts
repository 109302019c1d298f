import type { ThemeColors } from '../theme/themeColors';
import type { Box } from './axes';

export interface ColorBarScale {
  /** Colour of a position t ∈ [0, 1] along the bar, 0 at the bottom. */
  color(t: number): string;
  /** Tick positions t ∈ [0, 1] and their labels. */
  ticks: { t: number; label: string }[];
  /** Caption, drawn down the bar's right side as matplotlib labels a colour bar. */
  caption: string;
}

/** The width a colour bar takes beside a plot: the bar, its tick labels and its caption. */
export const COLOR_BAR_SPACE = 74;
const BAR_WIDTH = 12;

/** A vertical colour bar from `box.top` down `box.height`; its width is its own (see COLOR_BAR_SPACE). */
export function drawColorBar(ctx: CanvasRenderingContext2D, box: Omit<Box, 'width'>, scale: ColorBarScale, colors: ThemeColors): void {
  const steps = Math.max(2, Math.round(box.height));
  for (let i = 0; i < steps; i++) {
    ctx.fillStyle = scale.color(1 - (i + 0.5) / steps);
    ctx.fillRect(box.left, box.top + (i * box.height) / steps, BAR_WIDTH, box.height / steps + 0.5);
  }
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(box.left + 0.5, box.top + 0.5, BAR_WIDTH, box.height);
  ctx.font = colors.font;
  ctx.fillStyle = colors.muted;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let right = box.left + BAR_WIDTH;
  for (const { t, label } of scale.ticks) {
    const y = box.top + (1 - t) * box.height;
    ctx.fillText(label, box.left + BAR_WIDTH + 4, y);
    right = Math.max(right, box.left + BAR_WIDTH + 4 + ctx.measureText(label).width);
  }
  ctx.save();
  ctx.translate(right + 6, box.top + box.height / 2);
  ctx.rotate(Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(scale.caption, 0, 0);
  ctx.restore();
}
