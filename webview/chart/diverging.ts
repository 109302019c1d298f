/**
 * matplotlib's `bwr` colour map: blue (0, 0, 1) at −1, white at 0, red (1, 0, 0) at +1, linear in
 * between. For signed errors: the colour says the direction, its depth the size. Values outside
 * [−1, 1] are clamped. Returns 0–255 RGB.
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
