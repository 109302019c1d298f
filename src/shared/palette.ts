import { interpolateViridis } from 'd3-scale-chromatic';

/**
 * The colour maps GenLab draws with, one copy for the trainer's PNGs (src/engine/images/heatmap.ts)
 * and the panel's canvases (webview/), so a view and its exported image agree. Plain functions of a
 * number: nothing here knows of a DOM or of VS Code.
 */

/** [0, 1], with NaN as 0: a colour map's input is clamped, never an error. */
const unit = (t: number) => Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));

/** matplotlib's viridis (d3's copy of its table): perceptually uniform, dark to bright, readable on light and dark backgrounds. */
export function viridisCss(t: number): string {
  return interpolateViridis(unit(t));
}

/** viridis as 0–255 RGB, for pixel buffers. */
export function viridis(t: number): [number, number, number] {
  const hex = viridisCss(t);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * matplotlib's `bwr`: blue (0, 0, 1) at −1, white at 0, red (1, 0, 0) at +1, linear in between. For
 * signed errors: the colour says the direction, its depth the size. Clamped to [−1, 1]; 0–255 RGB.
 */
export function bwr(t: number): [number, number, number] {
  const v = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const fade = Math.round(255 * (1 - Math.abs(v)));
  return v < 0 ? [fade, fade, 255] : [255, fade, fade];
}

export function bwrCss(t: number): string {
  const [r, g, b] = bwr(t);
  return `rgb(${r}, ${g}, ${b})`;
}
