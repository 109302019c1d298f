/**
 * How numbers and times read everywhere GenLab shows them: the CLI, the extension's tree and status bar, the
 * panel. One module, so a loss reads the same in a terminal and beside its curve.
 */
import type { AdapterInfo } from './protocol';

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

/** Seconds as `45s`, `3m 20s`, `1h 05m`; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** "42s", "3m", "2h", "5d": one rounded unit, short enough for a tree item or a table column. */
export function formatShortDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/** "3m ago" for an ISO time; empty when there is none or it does not parse. */
export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : `${formatShortDuration((now - time) / 1000)} ago`;
}

/** A short human name for a WebGPU adapter, e.g. `llvmpipe (LLVM 19.1.7, 256 bits) (software)`. */
export function adapterLabel(info: AdapterInfo): string {
  const name = info.description || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  return info.isFallbackAdapter ? `${name} (software)` : name;
}

/** The backend a run trains on, with its adapter on webgpu: `wasm`, `webgpu on Apple M2`. */
export function formatBackend(backend: string | undefined, adapter: AdapterInfo | undefined): string | undefined {
  if (!backend) return undefined;
  return adapter ? `${backend} on ${adapterLabel(adapter)}` : backend;
}
