/**
 * matplotlib's viridis at nine evenly spaced stops, the same as the PNGs the trainer draws
 * (src/engine/images/heatmap.ts), so a view and its exported image agree. Perceptually uniform and
 * dark-to-bright, it reads on light and dark backgrounds alike.
 */
const STOPS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** The colour of t ∈ [0, 1] (clamped) as CSS, linearly interpolated between stops. */
export function viridisCss(t: number): string {
  const v = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(v));
  const f = v - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  const c = [0, 1, 2].map((k) => Math.round(a[k] + f * (b[k] - a[k])));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
