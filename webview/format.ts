/** A metric value in at most four significant digits, e.g. `148.2`, `0.0312`, `1.23e+6`. */
export function formatValue(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  // toPrecision(4) turns 10000–99999 into exponents ("1.000e+4"); whole numbers read better there.
  const fixed = a >= 1e4 ? String(Math.round(v)) : v.toPrecision(4);
  // Trailing zeros after a decimal point say nothing ("0.5000" → "0.5"); those before it do.
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Seconds as `45s`, `3m 20s`, `1h 05m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
