import { bisectLeft, bisectRight } from 'd3-array';

/**
 * Reduces a long line series to what one pixel column can show, so a 100k-point curve costs the
 * same to draw as a 1k-point one. For each column it keeps the minimum and the maximum (the
 * vertical extent the column must cover) plus the first and last point (where the line enters and
 * leaves the column, so segments between columns join where the full line would), in data order.
 */

export interface DecimatedLine {
  xs: number[];
  ys: number[];
}

export interface DecimateOptions {
  /** Visible x range; points outside it are dropped, except one on each side so the line reaches the edges. */
  xMin: number;
  xMax: number;
  /** Pixel columns the range is drawn on. */
  columns: number;
  /** Drop values ≤ 0 (they have no place on a log axis). */
  positiveOnly?: boolean;
}

/** `xs` must be ascending. Only the first `length` entries are read (the arrays are grown in chunks). */
export function decimateLine(xs: ArrayLike<number>, ys: ArrayLike<number>, length: number, o: DecimateOptions): DecimatedLine {
  const positiveOnly = o.positiveOnly ?? false;
  const out: DecimatedLine = { xs: [], ys: [] };
  if (length === 0) return out;
  const from = Math.max(0, bisectLeft(xs, o.xMin, 0, length) - 1);
  const to = Math.min(length, bisectRight(xs, o.xMax, 0, length) + 1);
  const columns = Math.max(1, Math.floor(o.columns));

  // Few enough points: nothing to gain, draw them all.
  if (to - from <= 4 * columns) {
    for (let i = from; i < to; i++) {
      const y = ys[i];
      if (Number.isFinite(y) && (!positiveOnly || y > 0)) push(out, xs[i], y);
    }
    return out;
  }

  // The hot loop of every redraw: plain numbers and no allocation per point.
  const scale = columns / (o.xMax - o.xMin || 1);
  let column = -2; // no column yet (-1 is the one left of the range)
  let first = -1, last = -1, lo = -1, hi = -1;
  for (let i = from; i < to; i++) {
    const y = ys[i];
    if (!Number.isFinite(y) || (positiveOnly && y <= 0)) continue;
    let c = Math.floor((xs[i] - o.xMin) * scale);
    if (c >= columns) c = columns - 1;
    else if (c < -1) c = -1;
    if (c !== column) {
      if (first >= 0) emitColumn(out, xs, ys, first, lo, hi, last);
      column = c;
      first = last = lo = hi = i;
      continue;
    }
    last = i;
    if (y < ys[lo]) lo = i;
    if (y > ys[hi]) hi = i;
  }
  if (first >= 0) emitColumn(out, xs, ys, first, lo, hi, last);
  return out;
}

/** One column's kept points in data order, each once (`first` ≤ `lo`, `hi` ≤ `last` by construction). */
function emitColumn(out: DecimatedLine, xs: ArrayLike<number>, ys: ArrayLike<number>,
  first: number, lo: number, hi: number, last: number): void {
  const a = Math.min(lo, hi), b = Math.max(lo, hi);
  push(out, xs[first], ys[first]);
  if (a !== first) push(out, xs[a], ys[a]);
  if (b !== a) push(out, xs[b], ys[b]);
  if (last !== b) push(out, xs[last], ys[last]);
}

function push(line: DecimatedLine, x: number, y: number): void {
  line.xs.push(x);
  line.ys.push(y);
}
