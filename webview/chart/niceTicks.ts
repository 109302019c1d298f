/** Round axis tick values (1, 2 or 5 × 10ⁿ apart) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return Number.isFinite(min) ? [min] : [];
  const rough = (max - min) / Math.max(1, count);
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  // The round step nearest the rough one (in ratio), as d3 picks it.
  const error = rough / magnitude;
  const step = magnitude * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    // Snap away floating-point dust (0.30000000000000004) so labels print cleanly.
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/**
 * Ticks for a log axis over [min, max] (both > 0): 1, 2 and 5 × 10ⁿ, thinned to powers of ten when
 * the range spans many decades; inside a single decade, round linear steps instead.
 */
export function logTicks(min: number, max: number, count = 5): number[] {
  if (!(min > 0) || !(max > min)) return niceTicks(min, max, count);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const f of [1, 2, 5]) {
      const t = Number((f * Math.pow(10, e)).toPrecision(12));
      if (t >= min && t <= max) ticks.push(t);
    }
  }
  if (ticks.length > count * 1.6) return ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  return ticks.length >= 2 ? ticks : niceTicks(min, max, count);
}
